// ICE servers for a call's connections, from what the relay offers on joining.
import type { JoinedRoom } from './relay-port';

/**
 * The ICE servers the relay offers (its operator's STUN and TURN, PROTOCOL.md §10.3). A re-join's
 * fresh credentials replace the old ones; a relay that stopped offering TURN leaves the last ones
 * in place for a call that may only go through TURN (it has no other way to connect).
 */
export function iceServersAfterJoin(previous: RTCIceServer[], joined: JoinedRoom, policy: RTCIceTransportPolicy): RTCIceServer[] {
  const stun: RTCIceServer[] = joined.stunUrls.length > 0 ? [{ urls: joined.stunUrls }] : [];
  if (joined.turn) return [...stun, { urls: joined.turn.urls, username: joined.turn.username, credential: joined.turn.credential }];
  return policy === 'relay' ? previous : stun;
}
