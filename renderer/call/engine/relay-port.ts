// The relay as the call engine needs it: join a room with our sealed blobs, send envelopes to
// peer ids, and hear about messages, departures and reconnects. Implemented over the shared
// relay client (protocol/relay-client) in relay-connection.ts.
import type { RelayStatus } from '../call-store';
import type { RelayMember, RelayPort } from './room-session';

export interface TurnServer {
  urls: string[];
  username: string;
  credential: string;
}

export interface JoinedRoom {
  peerId: string;
  members: RelayMember[];
  turn: TurnServer | null;
  /** The STUN servers the relay's operator offers (the relay's own among them, PROTOCOL.md §10.7). */
  stunUrls: string[];
}

export interface RelayEvents {
  onMessage(from: string, envelope: Uint8Array): void;
  onPeerLeft(peerId: string): void;
  onStatus(status: RelayStatus): void;
  /** After a reconnect the client joined again: new peer id, current members. */
  onRejoined(room: JoinedRoom): void;
  /** The relay refused us for good (room full, limits): a stable code. */
  onFatal(code: string): void;
}

export interface RelayConnection extends RelayPort {
  join(roomId: Uint8Array, bundle: { base: Uint8Array; oneTime: Uint8Array[] }): Promise<JoinedRoom>;
  /** Replaces our blobs on the relay (after a re-join: fresh one-time prekeys). */
  publish(bundle: { base: Uint8Array; oneTime: Uint8Array[] }): void;
  close(): void;
}

/** Opens the socket at once; `join` then waits for it to be open. */
export type ConnectRelay = (url: string, events: RelayEvents) => RelayConnection;
