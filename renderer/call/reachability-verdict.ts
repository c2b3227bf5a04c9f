// What a reachability check means for a call, in one word the UI turns into a sentence
// (renderer/call/reachability.ts gathers the facts). Pure, so every case is unit-tested.
import { isLocalNetworkHost } from '../../protocol/room/relay-address';
import type { CandidateType } from './reachability';

export type ReachabilityVerdict =
  /** The relay did not answer: no call can start. */
  | 'relay-unreachable'
  /** TURN answered: calls connect from anywhere, strict networks included. */
  | 'turn-ok'
  /** The relay offers TURN but no relayed candidate came back: strict networks will fail. */
  | 'turn-unreachable'
  /** STUN answered, no TURN: calls connect behind ordinary home routers, not through strict ones. */
  | 'stun-only'
  /** The relay offers STUN but no public address came back (UDP blocked?): only the same network. */
  | 'stun-unreachable'
  /** A relay on this computer or a local network without STUN or TURN: fine there, nowhere else. */
  | 'local-only';

export interface RelayHostingReachability {
  verdict: ReachabilityVerdict;
  relayUrl: string;
  /** Time to join the relay (connect + join), or null when it did not answer. */
  relayMs: number | null;
  stun: boolean;
  turn: boolean;
  gathered: CandidateType[];
  /** Why the relay did not answer. */
  detail: string | null;
}

export function reachabilityVerdict({ relayUrl, stun, turn, gathered }: { relayUrl: string; stun: boolean; turn: boolean; gathered: ReadonlySet<CandidateType> }): ReachabilityVerdict {
  if (turn) return gathered.has('relay') ? 'turn-ok' : 'turn-unreachable';
  if (stun) return gathered.has('srflx') ? 'stun-only' : 'stun-unreachable';
  const host = /^wss?:\/\/(\[[^\]]+\]|[^/:]+)/.exec(relayUrl)?.[1] ?? '';
  return isLocalNetworkHost(host) ? 'local-only' : 'stun-unreachable';
}
