/** The code main gave an IPC refusal (preload's ParleyIpcError carries it), or null. */
export function ipcCode(error: unknown): string | null {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : null;
}
