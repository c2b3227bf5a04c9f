// Outgoing video bitrate per peer, capped by mesh size so the uplink holds: every participant
// sends one stream to each other participant (DESIGN.md "The call engine").
import type { VideoSendQuality } from '../call-store';

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

/** Camera frame rate per outgoing stream: 15 fps from four people on (320x240@15), else the capture's. */
export function meshMaxFramerate(participants: number): number | undefined {
  return participants >= 4 ? 15 : undefined;
}

/**
 * Quality steps under pressure: full resolution, half, quarter, then audio only. The signal is
 * the connection's bandwidth estimate (candidate-pair `availableOutgoingBitrate`), not the
 * encoder's `qualityLimitationReason`: Chromium reports "bandwidth" for its QP-based quality
 * scaler too, and on a busy machine it does so with a 6 Mbit/s estimate (measured in the
 * relay-restart e2e test, where that reason took a loopback call down to audio only in 12 s).
 * CPU limitation is left to the encoder, which already lowers resolution and frame rate itself.
 */
export const QUALITY_STEPS = [
  { scaleResolutionDownBy: 1, video: true, minKbps: 250, shown: 'full' },
  { scaleResolutionDownBy: 2, video: true, minKbps: 150, shown: 'half' },
  { scaleResolutionDownBy: 4, video: true, minKbps: 80, shown: 'quarter' },
  { scaleResolutionDownBy: 4, video: false, minKbps: 0, shown: 'audio-only' },
] as const satisfies ReadonlyArray<{ scaleResolutionDownBy: number; video: boolean; minKbps: number; shown: VideoSendQuality }>;

export type QualityStep = 0 | 1 | 2 | 3;

export interface PressureSample {
  /** The connection's outgoing bandwidth estimate in kbit/s; null before ICE has a pair. */
  availableKbps: number | null;
}

/**
 * Seconds of estimates below the current step's floor before stepping down, and of estimates
 * at or above it before trying one step up. Stepping up is a probe: with less video on the wire
 * the estimate cannot rise above what is sent, so only sending more shows whether it fits.
 * (Chromium starts its estimate at 300 kbit/s, above the full-resolution floor, so a new call
 * does not step down while the estimate ramps up.)
 */
export const STEP_DOWN_AFTER = 4;
export const STEP_UP_AFTER = 15;

/** Next step from a window of the most recent one-second samples (newest last). */
export function nextQualityStep(current: QualityStep, recent: readonly PressureSample[]): QualityStep {
  const tail = (n: number) => recent.slice(-n);
  const floor = QUALITY_STEPS[current].minKbps;
  const pressured = (s: PressureSample) => s.availableKbps !== null && s.availableKbps < floor;
  if (recent.length >= STEP_DOWN_AFTER && tail(STEP_DOWN_AFTER).every(pressured) && current < 3) {
    return (current + 1) as QualityStep;
  }
  if (recent.length >= STEP_UP_AFTER && tail(STEP_UP_AFTER).every((s) => s.availableKbps !== null && !pressured(s)) && current > 0) {
    return (current - 1) as QualityStep;
  }
  return current;
}
