// RelayConnection over the shared relay client (protocol/relay-client): the browser's WebSocket,
// reconnects with backoff, and re-joins; the engine hears a re-join as onRejoined.
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { RelayClient } from '../../../protocol/relay-client/client';
import type { RelaySocketConstructor } from '../../../protocol/relay-client/socket';
import type { MemberBlobs, RelayErrorCodeName, TurnCredentials } from '../../../protocol/relay-wire/codec';
import type { ConnectRelay, JoinedRoom } from './relay-port';

/** How long the first join may take before the relay counts as unreachable. */
export const JOIN_TIMEOUT_MS = 10_000;

/** Relay errors after which staying in the room is pointless (the rest are retried or logged). */
const FATAL: Partial<Record<RelayErrorCodeName, string>> = { roomFull: 'room-full', tooManyRooms: 'too-many-rooms', bundleTooLarge: 'bundle-too-large' };

function joinedRoom(peerId: Uint8Array, members: MemberBlobs[], turn: TurnCredentials | undefined, stunUrls: string[]): JoinedRoom {
  return {
    peerId: bytesToHex(peerId),
    members: members.map((m) => ({ peerId: bytesToHex(m.peerId), base: m.base, oneTime: m.oneTime.length > 0 ? m.oneTime : null })),
    turn: turn ? { urls: turn.urls, username: turn.username, credential: turn.password } : null,
    stunUrls,
  };
}

export function relayConnector(WebSocketImpl: RelaySocketConstructor): ConnectRelay {
  return (url, events) => {
    const client = new RelayClient({ url, WebSocket: WebSocketImpl });
    let firstJoin: { resolve(room: JoinedRoom): void; reject(error: Error): void } | null = null;

    client.on('state', ({ state }) => {
      if (state === 'open') events.onStatus('connected');
      else if (state === 'reconnecting' || state === 'connecting') events.onStatus('reconnecting');
      else events.onStatus('offline');
    });
    client.on('joined', ({ peerId, members, turn, stunUrls, resumed }) => {
      const room = joinedRoom(peerId, members, turn, stunUrls);
      if (firstJoin) {
        firstJoin.resolve(room);
        firstJoin = null;
      } else if (resumed) {
        events.onRejoined(room);
      }
    });
    client.on('peer-left', ({ peerId }) => events.onPeerLeft(bytesToHex(peerId)));
    client.on('message', ({ from, envelope }) => events.onMessage(bytesToHex(from), envelope));
    client.on('error', ({ name }) => {
      const fatal = name ? FATAL[name] : undefined;
      if (!fatal) return;
      if (firstJoin) {
        firstJoin.reject(new Error(`relay refused the join: ${fatal}`));
        firstJoin = null;
      }
      events.onFatal(fatal);
    });

    // Open at once: the handshakes run while the caller prepares what it joins with.
    client.connect();
    return {
      join: (roomId, bundle) =>
        new Promise<JoinedRoom>((resolve, reject) => {
          const timer = setTimeout(() => {
            firstJoin = null;
            reject(new Error('the relay did not answer'));
          }, JOIN_TIMEOUT_MS);
          firstJoin = {
            resolve: (room) => (clearTimeout(timer), resolve(room)),
            reject: (error) => (clearTimeout(timer), reject(error)),
          };
          client.join(roomId, bundle);
        }),
      send: (to, envelope) => client.send(hexToBytes(to), envelope),
      publish: (bundle) => client.publish(bundle),
      close: () => {
        client.leave();
        client.close();
      },
    };
  };
}
