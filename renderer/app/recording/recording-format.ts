const DAY_MS = 86_400_000;

/** Whole days until a recording is deleted, rounded up; 0 when it is due. */
export function daysUntil(expiresAt: number, now: number): number {
  return Math.max(0, Math.ceil((expiresAt - now) / DAY_MS));
}

/** Megabytes with one decimal, in the person's language (1 MB = 1,000,000 bytes). */
export function formatMegabytes(bytes: number, language: string): string {
  return new Intl.NumberFormat(language, { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(bytes / 1_000_000);
}
