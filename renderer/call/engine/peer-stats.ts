// Turns one connection's RTCStatsReport (sampled once a second) into what the UI shows: RTT,
// bitrates, loss, decoded frames, audio level, quality, and the bandwidth estimate for the
// bitrate policy. Pure over plain objects, so it is tested with recorded reports.
import type { ConnectionQuality, PeerStats } from '../call-store';
import type { PressureSample } from './bitrate-policy';

export interface StatsSnapshot {
  at: number;
  bytesSent: number;
  bytesReceived: number;
  packetsReceived: number;
  packetsLost: number;
  framesDecoded: number;
  framesSent: number;
  audioLevel: number;
  rttMs: number | null;
  route: PeerStats['route'];
  candidateTypes: PeerStats['candidateTypes'];
  availableKbps: PressureSample['availableKbps'];
}

type StatsEntry = Record<string, unknown> & { type: string };

const CANDIDATE_TYPES = ['host', 'srflx', 'prflx', 'relay'] as const;
type CandidateType = (typeof CANDIDATE_TYPES)[number];
const candidateTypeOf = (value: unknown): CandidateType | null => (CANDIDATE_TYPES as readonly unknown[]).includes(value) ? (value as CandidateType) : null;

const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

export function snapshotOf(entries: Iterable<StatsEntry>, at: number): StatsSnapshot {
  const s: StatsSnapshot = { at, bytesSent: 0, bytesReceived: 0, packetsReceived: 0, packetsLost: 0, framesDecoded: 0, framesSent: 0, audioLevel: 0, rttMs: null, route: null, candidateTypes: null, availableKbps: null };
  const candidateTypes = new Map<unknown, unknown>();
  const pairs = new Map<unknown, StatsEntry>();
  let selectedPairId: unknown;
  let nominatedPair: StatsEntry | undefined;
  for (const e of entries) {
    if (e.type === 'outbound-rtp') {
      s.bytesSent += num(e.bytesSent);
      if (e.kind === 'video') s.framesSent += num(e.framesSent);
    } else if (e.type === 'inbound-rtp') {
      s.bytesReceived += num(e.bytesReceived);
      s.packetsReceived += num(e.packetsReceived);
      s.packetsLost += Math.max(0, num(e.packetsLost));
      if (e.kind === 'video') s.framesDecoded += num(e.framesDecoded);
      if (e.kind === 'audio') s.audioLevel = Math.max(s.audioLevel, num(e.audioLevel));
    } else if (e.type === 'candidate-pair') {
      pairs.set(e.id, e);
      if (e.nominated === true && e.state === 'succeeded') nominatedPair ??= e;
    } else if (e.type === 'transport' && e.selectedCandidatePairId !== undefined) {
      selectedPairId ??= e.selectedCandidatePairId;
    } else if (e.type === 'local-candidate' || e.type === 'remote-candidate') {
      candidateTypes.set(e.id, e.candidateType);
    }
  }
  // The pair media uses is the transport's selected one; several pairs can be nominated and
  // succeeded at once (one per side's nomination), so "a nominated pair" may be the wrong one.
  const pair = (selectedPairId !== undefined ? pairs.get(selectedPairId) : undefined) ?? nominatedPair;
  if (pair) {
    if (typeof pair.currentRoundTripTime === 'number') s.rttMs = Math.round(pair.currentRoundTripTime * 1000);
    if (typeof pair.availableOutgoingBitrate === 'number') s.availableKbps = Math.round(pair.availableOutgoingBitrate / 1000);
    const local = candidateTypeOf(candidateTypes.get(pair.localCandidateId));
    const remote = candidateTypeOf(candidateTypes.get(pair.remoteCandidateId));
    s.candidateTypes = { local, remote };
    // Through TURN when either end's candidate is a relayed one.
    s.route = local === 'relay' || remote === 'relay' ? 'relayed' : 'direct';
  }
  return s;
}

export function qualityOf(rttMs: number | null, lossPercent: number | null): ConnectionQuality {
  if (rttMs === null && lossPercent === null) return 'unknown';
  if ((lossPercent ?? 0) > 8 || (rttMs ?? 0) > 400) return 'poor';
  if ((lossPercent ?? 0) > 2 || (rttMs ?? 0) > 150) return 'fair';
  return 'good';
}

/** Stats over the interval between two snapshots (kbit/s and loss in that interval). */
export function peerStatsBetween(previous: StatsSnapshot | null, current: StatsSnapshot, decryptFailures: number): Omit<PeerStats, 'videoSend'> {
  const seconds = previous ? (current.at - previous.at) / 1000 : 0;
  const rate = (now: number, before: number) => (seconds > 0 ? Math.max(0, Math.round(((now - before) * 8) / 1000 / seconds)) : null);
  const received = previous ? current.packetsReceived - previous.packetsReceived : 0;
  const lost = previous ? current.packetsLost - previous.packetsLost : 0;
  return {
    rttMs: current.rttMs,
    sendBitrateKbps: previous ? rate(current.bytesSent, previous.bytesSent) : null,
    receiveBitrateKbps: previous ? rate(current.bytesReceived, previous.bytesReceived) : null,
    packetLossPercent: previous && received + lost > 0 ? Math.round((lost / (received + lost)) * 1000) / 10 : null,
    framesDecoded: current.framesDecoded,
    framesSent: current.framesSent,
    decryptFailures,
    route: current.route,
    candidateTypes: current.candidateTypes,
  };
}

/** Speaking: an audio level above this (0..1, RMS-ish as WebRTC reports it). */
export const SPEAKING_LEVEL = 0.02;

/** The loudest speaker above the threshold, or the previous one while nobody is louder. */
export function activeSpeaker(levels: ReadonlyMap<string, number>, previous: string | null): string | null {
  let best: string | null = null;
  let bestLevel = SPEAKING_LEVEL;
  for (const [id, level] of levels) {
    if (level > bestLevel) {
      best = id;
      bestLevel = level;
    }
  }
  return best ?? (previous !== null && levels.has(previous) ? previous : null);
}
