// A first check of a pasted invite link, so typos are caught on Home. The call engine does the
// real parsing (and reports "invalid-invite" for a well-formed link it cannot use).
// Shapes (PROTOCOL.md §4.3): parley://join?relay=<percent-encoded relay>#<base64url secret>.<host key id>,
// https://<relay>/join#..., and the older parley://join#... that names no relay.
const FRAGMENT = /^[A-Za-z0-9_-]{40,}\.[A-Za-z0-9_-]{4,}$/;

export function looksLikeInvite(text: string): boolean {
  const trimmed = text.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return false;
  }
  const fragment = url.hash.slice(1);
  if (!FRAGMENT.test(fragment)) return false;
  if (url.protocol === 'parley:') return /^parley:\/\/join(?:\?relay=[^&=#]+)?#/.test(trimmed);
  return url.protocol === 'https:' && url.pathname === '/join';
}
