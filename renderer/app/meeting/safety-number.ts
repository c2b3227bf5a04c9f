/** A 60-digit safety number as Signal shows it: 12 groups of 5 digits. */
export function safetyNumberGroups(digits: string): string[] {
  if (!/^\d{60}$/.test(digits)) throw new Error('A safety number has exactly 60 digits');
  return digits.match(/\d{5}/g) ?? [];
}
