// What a lab test looks at on a page: the candidate pair each RTCPeerConnection really uses
// (transport.selectedCandidatePairId, not just any nominated pair), and the media and SFrame
// figures the harness already reads (test/harness/call-flow.ts: remoteMedia for frames and audio
// level per remote tile, connectionDetails for the frames-decoded / decrypt-failures /
// encryption rows the app shows).
import type { Page } from 'playwright-core';

export { connectionDetails, remoteMedia } from '../harness/call-flow';

/**
 * Installed before the app loads (LabPage does it): notes every RTCPeerConnection the page
 * makes. A Proxy, so the constructor's name, prototype and statics are the real ones.
 */
export const TRACK_CONNECTIONS_SCRIPT = `(() => {
  const seen = [];
  Object.defineProperty(window, '__labConnections', { value: seen });
  window.RTCPeerConnection = new Proxy(window.RTCPeerConnection, {
    construct(target, args, newTarget) {
      const connection = Reflect.construct(target, args, newTarget);
      seen.push(connection);
      return connection;
    },
  });
})();`;

export type CandidateType = 'host' | 'srflx' | 'prflx' | 'relay';

export interface CandidateInfo {
  candidateType: CandidateType;
  address: string;
  port: number;
  protocol: string;
  /** For relay candidates: how this end talks to its TURN server. */
  relayProtocol?: string;
}

export interface SelectedPair {
  connectionState: RTCPeerConnectionState;
  local: CandidateInfo;
  remote: CandidateInfo;
}

/** The selected candidate pair of every open connection on the page (null while one has none). */
export async function selectedCandidatePairs(page: Page): Promise<Array<SelectedPair | null>> {
  return page.evaluate(async () => {
    const connections = (window as unknown as { __labConnections?: RTCPeerConnection[] }).__labConnections;
    if (!connections) throw new Error('the page was opened without the lab connection tracker');
    const open = connections.filter((pc) => pc.connectionState !== 'closed');
    return Promise.all(
      open.map(async (pc) => {
        const stats = [...(await pc.getStats()).values()] as Array<Record<string, unknown>>;
        const byId = new Map(stats.map((s) => [s.id as string, s]));
        const transport = stats.find((s) => s.type === 'transport' && typeof s.selectedCandidatePairId === 'string');
        const pair = transport && byId.get(transport.selectedCandidatePairId as string);
        const local = pair && byId.get(pair.localCandidateId as string);
        const remote = pair && byId.get(pair.remoteCandidateId as string);
        if (!local || !remote) return null;
        const info = (c: Record<string, unknown>) => ({
          candidateType: c.candidateType as 'host' | 'srflx' | 'prflx' | 'relay',
          address: String(c.address ?? c.ip ?? ''),
          port: Number(c.port),
          protocol: String(c.protocol),
          ...(c.relayProtocol ? { relayProtocol: String(c.relayProtocol) } : {}),
        });
        return { connectionState: pc.connectionState, local: info(local), remote: info(remote) };
      }),
    );
  });
}

/** Whether an address is loopback (what lab candidates must never be). */
export function isLoopback(address: string): boolean {
  return /^127\./.test(address) || address === '::1' || address === 'localhost';
}
