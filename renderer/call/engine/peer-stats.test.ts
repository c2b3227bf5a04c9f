import { describe, expect, it } from 'vitest';
import { activeSpeaker, peerStatsBetween, qualityOf, snapshotOf } from './peer-stats';

const report = (bytesSent: number, bytesReceived: number, packetsReceived: number, packetsLost: number, framesDecoded: number) => [
  { type: 'outbound-rtp', kind: 'video', bytesSent, framesSent: framesDecoded * 2, qualityLimitationReason: 'bandwidth' },
  { type: 'outbound-rtp', kind: 'audio', bytesSent: 0 },
  { type: 'inbound-rtp', kind: 'video', bytesReceived, packetsReceived, packetsLost, framesDecoded },
  { type: 'inbound-rtp', kind: 'audio', bytesReceived: 0, packetsReceived: 0, packetsLost: 0, audioLevel: 0.3 },
  { type: 'candidate-pair', nominated: true, state: 'succeeded', currentRoundTripTime: 0.012, availableOutgoingBitrate: 1_234_567, localCandidateId: 'L1' },
  { type: 'local-candidate', id: 'L1', candidateType: 'relay' },
  { type: 'local-candidate', id: 'L2', candidateType: 'host' },
  // A pair ICE gave up on: its estimate is not the connection's.
  { type: 'candidate-pair', nominated: false, state: 'failed', availableOutgoingBitrate: 10_000 },
];

describe('peer stats', () => {
  it('computes bitrates, loss and rtt between two samples', () => {
    const a = snapshotOf(report(0, 0, 0, 0, 0), 0);
    const b = snapshotOf(report(125_000, 250_000, 95, 5, 15), 1000);
    expect(b).toMatchObject({ rttMs: 12, audioLevel: 0.3, availableKbps: 1235, framesDecoded: 15, route: 'relayed' });
    expect(peerStatsBetween(a, b, 2)).toEqual({
      rttMs: 12,
      sendBitrateKbps: 1000,
      receiveBitrateKbps: 2000,
      packetLossPercent: 5,
      framesDecoded: 15,
      framesSent: 30,
      decryptFailures: 2,
      route: 'relayed',
      candidateTypes: { local: 'relay', remote: null },
    });
    expect(peerStatsBetween(null, b, 0)).toMatchObject({ sendBitrateKbps: null, packetLossPercent: null });
  });

  it('tells a direct path from a relayed one by the nominated pair, and knows nothing before ICE has one', () => {
    const direct = report(0, 0, 0, 0, 0).map((e) => (e.type === 'candidate-pair' && e.nominated ? { ...e, localCandidateId: 'L2' } : e));
    expect(snapshotOf(direct, 0).route).toBe('direct');
    const none = report(0, 0, 0, 0, 0).filter((e) => e.type !== 'candidate-pair');
    expect(snapshotOf(none, 0)).toMatchObject({ route: null, availableKbps: null, rttMs: null });
  });

  it('reads the transport\'s selected pair, both ends: relayed when either end is relayed (not an arbitrary nominated pair)', () => {
    const entries = [
      // Chromium can report several nominated, succeeded pairs; only the transport's selected one carries media.
      { type: 'candidate-pair', id: 'P1', nominated: true, state: 'succeeded', localCandidateId: 'L1', remoteCandidateId: 'R1', currentRoundTripTime: 0.001 },
      { type: 'candidate-pair', id: 'P2', nominated: true, state: 'succeeded', localCandidateId: 'L2', remoteCandidateId: 'R2', currentRoundTripTime: 0.05 },
      { type: 'transport', id: 'T', selectedCandidatePairId: 'P2' },
      { type: 'local-candidate', id: 'L1', candidateType: 'host' },
      { type: 'remote-candidate', id: 'R1', candidateType: 'host' },
      { type: 'local-candidate', id: 'L2', candidateType: 'srflx' },
      { type: 'remote-candidate', id: 'R2', candidateType: 'relay' },
    ];
    expect(snapshotOf(entries, 0)).toMatchObject({ route: 'relayed', candidateTypes: { local: 'srflx', remote: 'relay' }, rttMs: 50 });
    const srflxBoth = entries.map((e) => (e.id === 'R2' ? { ...e, candidateType: 'srflx' } : e));
    expect(snapshotOf(srflxBoth, 0)).toMatchObject({ route: 'direct', candidateTypes: { local: 'srflx', remote: 'srflx' } });
  });

  it('grades connection quality', () => {
    expect(qualityOf(null, null)).toBe('unknown');
    expect(qualityOf(20, 0)).toBe('good');
    expect(qualityOf(200, 0)).toBe('fair');
    expect(qualityOf(20, 10)).toBe('poor');
  });

  it('picks the loudest speaker and keeps the last one through silence', () => {
    expect(activeSpeaker(new Map([['a', 0.1], ['b', 0.3]]), null)).toBe('b');
    expect(activeSpeaker(new Map([['a', 0.001], ['b', 0.0]]), 'a')).toBe('a');
    expect(activeSpeaker(new Map([['b', 0.0]]), 'a')).toBeNull();
  });
});
