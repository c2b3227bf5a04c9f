export const RELAY_OUTFILE: string;
export function buildAll(options?: { quiet?: boolean }): Promise<void>;
export function buildRelay(options?: { outfile?: string }): Promise<string>;
export const VERIFY_CONSENT_OUTFILE: string;
export function buildVerifyConsent(options?: { outfile?: string }): Promise<string>;
