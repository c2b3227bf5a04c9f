// The few WebSocket members the relay client uses, so it runs on the browser's WebSocket (renderer)
// and on the `ws` package's (Node tests) alike, with neither DOM nor Node types in protocol/.

/** Handler types are bivariant (method-derived) so `ws`'s richer event types are accepted. */
type Handler<E> = { bivarianceHack(event: E): void }['bivarianceHack'];

export interface RelaySocketMessageEvent {
  readonly data: unknown;
}
export interface RelaySocketCloseEvent {
  readonly code: number;
}

export interface RelaySocket {
  binaryType: string;
  readonly readyState: number;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
  onopen: Handler<unknown> | null;
  onmessage: Handler<RelaySocketMessageEvent> | null;
  onclose: Handler<RelaySocketCloseEvent> | null;
  onerror: Handler<unknown> | null;
}

/** `WebSocket` in the browser, `WebSocket` from 'ws' in Node. */
export type RelaySocketConstructor = new (url: string) => RelaySocket;

/** WebSocket.OPEN (RFC 6455 API): the same number in every implementation. */
export const SOCKET_OPEN = 1;

/** setTimeout/clearTimeout, injected because protocol/ sees neither DOM nor Node globals. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const globalTimers: Timers = {
  setTimeout: (callback, ms) => (globalThis as unknown as GlobalTimers).setTimeout(callback, ms),
  clearTimeout: (handle) => (globalThis as unknown as GlobalTimers).clearTimeout(handle),
};
interface GlobalTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
