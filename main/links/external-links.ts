// Links to the outside world open in the user's browser only if they are https and the user
// confirmed (the confirmation names the host), never by the app on its own.
export interface ExternalLinkOpener {
  /** Asks the user; true when they agree to open the link. */
  confirm(url: URL): Promise<boolean>;
  open(url: string): Promise<void>;
}

export function isSafeExternalUrl(url: string): URL | null {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '' || parsed.hostname === '') return null;
    return parsed;
  } catch {
    return null;
  }
}

/** True when the link was opened. */
export async function openExternalSafely(url: string, opener: ExternalLinkOpener | null): Promise<boolean> {
  const parsed = isSafeExternalUrl(url);
  if (!parsed || !opener) return false;
  if (!(await opener.confirm(parsed))) return false;
  await opener.open(parsed.href);
  return true;
}
