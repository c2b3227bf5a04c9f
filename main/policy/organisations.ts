// The organisations an admin policy trusts to vouch for colleagues (PROTOCOL.md §9.4):
//
//   "trustedOrganisations": [
//     { "name": "Example GmbH", "publicKey": "<base64url, 32 bytes>", "revocations": "<base64url signed list>" }
//   ]
//
// (On Windows, a REG_SZ value may hold the same list as JSON text.) All or nothing: one bad entry
// and no organisation is trusted, with an error that names it. Half a trust list could drop the
// revocation list IT meant to apply and still vouch for a lost laptop's key, so the only safe
// value for an unreadable list is "vouch for nobody": people then show as not verified, which is
// what they are without the policy.
import { fromBase64Url } from '../../protocol/bytes';
import { ProtocolError } from '../../protocol/errors';
import type { TrustedOrganisation } from '../../protocol/organisation/statement';
import { MAX_ORG_NAME_LENGTH, canonicalName, verifyRevocationList } from '../../protocol/organisation/statement';

export const ORGANISATIONS_POLICY_KEY = 'trustedOrganisations';
export const MAX_TRUSTED_ORGANISATIONS = 16;
/** A signed list of MAX_ORG_REVOCATIONS entries in base64url, with room to spare. */
const MAX_REVOCATIONS_TEXT = 256 * 1024;
const ENTRY_KEYS = new Set(['name', 'publicKey', 'revocations']);

export interface ValidatedOrganisations {
  organisations: TrustedOrganisation[];
  errors: string[];
}

const refuse = (error: string): ValidatedOrganisations => ({
  organisations: [],
  errors: [`${error}; no organisation is trusted until the policy is fixed`],
});

function entryOf(raw: unknown, at: string): TrustedOrganisation | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return `${at} must be an object with name, publicKey and optionally revocations`;
  const entry = raw as Record<string, unknown>;
  const unknown = Object.keys(entry).find((k) => !ENTRY_KEYS.has(k));
  if (unknown !== undefined) return `${at} has an unknown key "${unknown.slice(0, 100)}"`;
  const { name, publicKey, revocations } = entry;
  if (typeof name !== 'string' || canonicalName(name).length === 0 || [...name].length > MAX_ORG_NAME_LENGTH) {
    return `${at}.name must be a name of 1 to ${MAX_ORG_NAME_LENGTH} characters`;
  }
  const key = typeof publicKey === 'string' ? fromBase64Url(publicKey) : undefined;
  if (!key || key.length !== 32) return `${at}.publicKey must be the organisation's Ed25519 public key in base64url (43 characters, as "npm run org -- keygen" prints it)`;
  if (revocations === undefined) return { name: canonicalName(name), publicKey: key, revocations: [] };
  const listBytes = typeof revocations === 'string' && revocations.length <= MAX_REVOCATIONS_TEXT ? fromBase64Url(revocations.trim()) : undefined;
  if (!listBytes) return `${at}.revocations must be the signed revocation list in base64url, as "npm run org -- revoke" writes it`;
  try {
    return { name: canonicalName(name), publicKey: key, revocations: verifyRevocationList(key, listBytes).revocations };
  } catch (error) {
    if (!(error instanceof ProtocolError)) throw error;
    return `${at}.revocations is not a revocation list signed by this organisation's key (${error.message})`;
  }
}

/** Validates the policy's trustedOrganisations value (absent: none trusted, no error). Never throws. */
export function validateOrganisations(raw: unknown): ValidatedOrganisations {
  if (raw === undefined) return { organisations: [], errors: [] };
  let list: unknown = raw;
  if (typeof list === 'string') {
    try {
      list = JSON.parse(list) as unknown;
    } catch {
      return refuse(`${ORGANISATIONS_POLICY_KEY} is text that is not a JSON list`);
    }
  }
  if (!Array.isArray(list) || list.length > MAX_TRUSTED_ORGANISATIONS) {
    return refuse(`${ORGANISATIONS_POLICY_KEY} must be a list of at most ${MAX_TRUSTED_ORGANISATIONS} organisations`);
  }
  const organisations: TrustedOrganisation[] = [];
  for (const [i, raw] of list.entries()) {
    const entry = entryOf(raw, `${ORGANISATIONS_POLICY_KEY}[${i}]`);
    if (typeof entry === 'string') return refuse(entry);
    organisations.push(entry);
  }
  return { organisations, errors: [] };
}
