export const RELAY_OUTFILE: string;
export function buildAll(options?: { quiet?: boolean }): Promise<void>;
export function buildRelay(options?: { outfile?: string }): Promise<string>;
