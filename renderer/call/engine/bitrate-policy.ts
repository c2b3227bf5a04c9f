// Outgoing video bitrate per peer, capped by mesh size so the uplink holds: every participant
// sends one stream to each other participant (DESIGN.md "The call engine").

const CAP_KBPS_BY_PARTICIPANTS: ReadonlyArray<[maxParticipants: number, kbps: number]> = [
  [2, 2500],
  [3, 1500],
  [4, 1000],
  [5, 750],
  [Infinity, 500],
];

/** Video bitrate cap per outgoing peer connection, for a call of `participants` people (self included). */
export function videoBitrateCapKbps(participants: number): number {
  for (const [max, kbps] of CAP_KBPS_BY_PARTICIPANTS) if (participants <= max) return kbps;
  return 500;
}

/**
 * Resolution divisor by mesh size: from 4 people on, each sender encodes one stream per peer,
 * and at full camera resolution a 2-core machine runs out of CPU (TESTING.md, mesh capacity).
 */
export function meshResolutionScale(participants: number): number {
  return participants >= 4 ? 2 : 1;
}

/**
 * Quality steps under pressure: full resolution, half, quarter, then audio only. The engine
 * moves one step down when the encoder reports sustained *bandwidth* limitation and one step up
 * after a sustained quiet period. CPU limitation is left to the encoder: when Chromium reports
 * it, it is already lowering resolution and frame rate itself, and stepping down on top of that
 * would starve a busy machine's calls down to audio only.
 */
export const QUALITY_STEPS = [
  { scaleResolutionDownBy: 1, video: true },
  { scaleResolutionDownBy: 2, video: true },
  { scaleResolutionDownBy: 4, video: true },
  { scaleResolutionDownBy: 4, video: false },
] as const;

export type QualityStep = 0 | 1 | 2 | 3;

export interface PressureSample {
  /** RTCOutboundRtpStreamStats.qualityLimitationReason */
  limitation: 'none' | 'cpu' | 'bandwidth' | 'other';
}

/** Seconds of sustained pressure before stepping down, and of quiet before stepping up. */
export const STEP_DOWN_AFTER = 4;
export const STEP_UP_AFTER = 15;

/** Next step from a window of the most recent one-second samples (newest last). */
export function nextQualityStep(current: QualityStep, recent: readonly PressureSample[]): QualityStep {
  const tail = (n: number) => recent.slice(-n);
  const pressured = (s: PressureSample) => s.limitation === 'bandwidth';
  if (recent.length >= STEP_DOWN_AFTER && tail(STEP_DOWN_AFTER).every(pressured) && current < 3) {
    return (current + 1) as QualityStep;
  }
  if (recent.length >= STEP_UP_AFTER && tail(STEP_UP_AFTER).every((s) => !pressured(s)) && current > 0) {
    return (current - 1) as QualityStep;
  }
  return current;
}
