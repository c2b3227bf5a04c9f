// "Will a call work from here?", asked before a meeting (pre-join) and when a person enters a relay
// (Settings): join a throwaway room on the relay (a random room id nobody else knows; the relay
// sees one short join, as for any meeting), take the ICE servers it offers, and gather ICE
// candidates against them (no media, no peer). What was gathered says which paths a call can use.
import type { RelayHostingReachability } from './reachability-verdict';
import { reachabilityVerdict } from './reachability-verdict';
import type { RelaySocketConstructor } from '../../protocol/relay-client/socket';
import type { ConnectRelay } from './engine/relay-port';
import { relayConnector } from './engine/relay-connection';
import { iceServersAfterJoin } from './engine/ice-servers';

export const RELAY_CHECK_TIMEOUT_MS = 5000;
export const GATHER_TIMEOUT_MS = 4000;

export type CandidateType = 'host' | 'srflx' | 'prflx' | 'relay';

export interface ProbeDeps {
  connectRelay: ConnectRelay;
  randomBytes(n: number): Uint8Array;
  /** Gathers candidates with these servers (the browser's RTCPeerConnection in the app). */
  gather(iceServers: RTCIceServer[], timeoutMs: number): Promise<Set<CandidateType>>;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms / 1000} s`)), ms);
    promise.then((value) => (clearTimeout(timer), resolve(value)), (error: unknown) => (clearTimeout(timer), reject(error)));
  });
}

export async function checkReachability(relayUrl: string, deps: ProbeDeps): Promise<RelayHostingReachability> {
  const started = Date.now();
  const relay = deps.connectRelay(relayUrl, { onMessage: () => {}, onPeerLeft: () => {}, onStatus: () => {}, onRejoined: () => {}, onFatal: () => {} });
  let joined;
  try {
    joined = await withTimeout(relay.join(deps.randomBytes(32), { base: deps.randomBytes(1), oneTime: [] }), RELAY_CHECK_TIMEOUT_MS, 'the relay');
  } catch (error) {
    return { verdict: 'relay-unreachable', relayUrl, relayMs: null, stun: false, turn: false, gathered: [], detail: (error as Error).message };
  } finally {
    relay.close();
  }
  const relayMs = Date.now() - started;
  const iceServers = iceServersAfterJoin([], joined, 'all');
  const gathered = iceServers.length > 0 ? await deps.gather(iceServers, GATHER_TIMEOUT_MS) : new Set<CandidateType>();
  const stun = joined.stunUrls.length > 0;
  const turn = joined.turn !== null;
  return { verdict: reachabilityVerdict({ relayUrl, stun, turn, gathered }), relayUrl, relayMs, stun, turn, gathered: [...gathered].sort(), detail: null };
}

/** ICE gathering in this browser: a data channel is enough to make it gather (no camera needed). */
export function gatherWithBrowser(iceServers: RTCIceServer[], timeoutMs: number): Promise<Set<CandidateType>> {
  const connection = new RTCPeerConnection({ iceServers });
  const types = new Set<CandidateType>();
  return new Promise<Set<CandidateType>>((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      connection.close();
      resolve(types);
    };
    const timer = setTimeout(finish, timeoutMs);
    connection.onicecandidate = (event) => {
      if (!event.candidate) return finish();
      const type = event.candidate.type;
      if (type) types.add(type);
    };
    connection.createDataChannel('reachability');
    void connection.createOffer().then((offer) => connection.setLocalDescription(offer)).catch(finish);
  });
}

/** The browser's relay client, random bytes and ICE gathering. */
export function browserProbeDeps(): ProbeDeps {
  return {
    connectRelay: relayConnector(WebSocket as unknown as RelaySocketConstructor),
    randomBytes: (n) => crypto.getRandomValues(new Uint8Array(n)),
    gather: gatherWithBrowser,
  };
}
