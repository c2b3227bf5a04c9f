// Microphone level from an AnalyserNode's time-domain bytes (silence = 128).

/** Root mean square of the signal, 0 (silence) to 1 (full scale). */
export function rmsLevel(samples: Uint8Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const sample of samples) {
    const centred = (sample - 128) / 128;
    sum += centred * centred;
  }
  return Math.sqrt(sum / samples.length);
}

/** Speech sits far below full scale; a square-root curve makes normal talking fill the meter. */
export function meterLevel(rms: number): number {
  return Math.min(1, Math.sqrt(rms * 4));
}
