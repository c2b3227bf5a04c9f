// Where the time of a join goes, seen from the joining page: milestones of its relay WebSocket
// and of its first RTCPeerConnection, in ms after "Join" is clicked. Installed by page script
// before the click, so it sees the app's own objects without any hook in the app.
import type { Page } from 'playwright-core';

export type JoinPhases = Record<string, number>;

export async function watchJoinPhases(page: Page): Promise<void> {
  await page.evaluate(() => {
    const phases: Record<string, number> = {};
    const state = { t0: 0, wsIn: 0, wsOut: 0 };
    const mark = (name: string) => (phases[name] ??= Date.now() - state.t0);
    Object.assign(window, { joinPhases: phases, startJoinPhases: () => (state.t0 = Date.now()) });
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (this: WebSocket, data: Parameters<typeof send>[0]) {
      if (state.t0) mark(`ws out ${++state.wsOut}`);
      return send.call(this, data);
    };
    // The relay client sets onopen/onmessage: wrap the handlers it sets (IDL accessors).
    for (const [property, name] of [['onopen', 'ws open'], ['onmessage', 'ws in']] as const) {
      const descriptor = Object.getOwnPropertyDescriptor(WebSocket.prototype, property)!;
      Object.defineProperty(WebSocket.prototype, property, {
        ...descriptor,
        set(this: WebSocket, handler: ((event: Event) => void) | null) {
          if (state.t0 && property === 'onopen' && handler) mark('ws created');
          const wrapped = handler && ((event: Event) => {
            if (state.t0) mark(name === 'ws in' ? (state.wsIn < 12 ? `ws in ${++state.wsIn}` : 'ws in more') : name);
            handler.call(this, event);
          });
          descriptor.set!.call(this, wrapped);
        },
      });
    }
    const watched = new WeakSet<RTCPeerConnection>();
    const watch = (pc: RTCPeerConnection) => {
      if (watched.has(pc)) return;
      watched.add(pc);
      pc.addEventListener('icecandidate', (e) => e.candidate && mark(`candidate ${/ typ (\w+)/.exec(e.candidate.candidate)?.[1]}`));
      pc.addEventListener('icegatheringstatechange', () => mark(`gathering ${pc.iceGatheringState}`));
      pc.addEventListener('iceconnectionstatechange', () => mark(`ice ${pc.iceConnectionState}`));
      pc.addEventListener('connectionstatechange', () => {
        mark(`dtls ${pc.connectionState}`);
        if (pc.connectionState === 'connected') void pc.getStats().then((report) => report.forEach((stat) => stat.type === 'transport' && mark(`tls ${stat.tlsVersion}`)));
      });
      pc.addEventListener('track', () => mark('track'));
    };
    for (const method of ['setLocalDescription', 'setRemoteDescription'] as const) {
      const original = RTCPeerConnection.prototype[method] as (...args: unknown[]) => Promise<void>;
      (RTCPeerConnection.prototype as unknown as Record<string, unknown>)[method] = function (this: RTCPeerConnection, ...args: unknown[]) {
        watch(this);
        const type = (args[0] as RTCSessionDescriptionInit | undefined)?.type ?? 'implicit';
        mark(`${method === 'setLocalDescription' ? 'local' : 'remote'} ${type}`);
        return original.apply(this, args);
      };
    }
  });
}

export async function startJoinPhases(page: Page): Promise<void> {
  await page.evaluate(() => (window as unknown as { startJoinPhases: () => void }).startJoinPhases());
}

export async function joinPhases(page: Page): Promise<JoinPhases> {
  return page.evaluate(() => (window as unknown as { joinPhases: Record<string, number> }).joinPhases);
}
