// `npm run org -- <command>`: the organisation's side of "verified by <organisation>"
// (docs/DEPLOYMENT.md "Colleagues verified by their organisation"; PROTOCOL.md §9.4). Runs on
// an IT workstation, never inside Parley; Parley itself only ever holds the public key.
//
//   keygen --out <key file>                               a new organisation signing key
//   sign   --key <key file> --organisation <name> --name <employee name>
//          --identity <employee's identity key> [--days 365] --out <statement file>
//   revoke --key <key file> --identity <key> [--identity <key> ...] [--list <old list>] --out <list file>
//   show   <statement file>                               what a statement says
import { ed25519 } from '@noble/curves/ed25519.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { fromBase64Url, toBase64Url } from '../protocol/bytes';
import { canonicalIdentityHex } from '../protocol/keys/identity';
import { canonicalName, decodeOrganisationCredential, signOrganisationStatement, signRevocationList, verifyRevocationList } from '../protocol/organisation/statement';

const DAY = 24 * 60 * 60 * 1000;
const MAX_DAYS = 3 * 365;

export class OrgCommandError extends Error {}

function base64(text: string, what: string): Uint8Array {
  const bytes = fromBase64Url(text.trim());
  if (!bytes) throw new OrgCommandError(`${what} is not base64url`);
  return bytes;
}

function base64Key(text: string, what: string): Uint8Array {
  const bytes = base64(text, what);
  if (bytes.length !== 32) throw new OrgCommandError(`${what} must be 32 bytes in base64url`);
  return bytes;
}

const readText = (file: string) => readFileSync(file, 'utf8').trim();

function identityKey(text: string): Uint8Array {
  const key = base64Key(text, '--identity');
  try {
    canonicalIdentityHex(key);
  } catch {
    throw new OrgCommandError('--identity is not an Ed25519 public key (copy it from Parley: Settings, "Your organisation")');
  }
  return key;
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value.trim() === '') throw new OrgCommandError(`${flag} is required`);
  return value;
}

const OPTIONS = {
  out: { type: 'string' },
  key: { type: 'string' },
  organisation: { type: 'string' },
  name: { type: 'string' },
  identity: { type: 'string', multiple: true },
  days: { type: 'string', default: '365' },
  list: { type: 'string' },
} as const;

/**
 * `--option value` as `--option=value`: a base64url key starts with "-" one time in 64, and
 * parseArgs would take such a value for an option of its own.
 */
function withJoinedValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const name = arg.startsWith('--') ? arg.slice(2) : '';
    if (Object.hasOwn(OPTIONS, name) && i + 1 < argv.length) out.push(`${arg}=${argv[++i]}`);
    else out.push(arg);
  }
  return out;
}

/** Runs one command; returns what it prints. `now` and the files are the caller's (tests). */
export function runOrg(argv: string[], now = Date.now()): string {
  const { values, positionals } = parseArgs({ args: withJoinedValues(argv), allowPositionals: true, options: OPTIONS });
  const [command, file] = positionals;
  const secretOf = () => base64Key(readText(required(values.key, '--key')), 'The key file');
  switch (command) {
    case 'keygen': {
      const secret = ed25519.utils.randomSecretKey();
      // 'wx': never overwrite a key that may already vouch for staff.
      writeFileSync(required(values.out, '--out'), `${toBase64Url(secret)}\n`, { mode: 0o600, flag: 'wx' });
      const publicKey = toBase64Url(ed25519.getPublicKey(secret));
      return `Private key written to ${values.out} (keep it offline; anyone with it can vouch for anyone).\nPublic key: ${publicKey}\nPolicy: "trustedOrganisations": [{ "name": "<your organisation>", "publicKey": "${publicKey}" }]\n`;
    }
    case 'sign': {
      const days = Number(values.days);
      if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) throw new OrgCommandError(`--days must be a whole number from 1 to ${MAX_DAYS}`);
      const ids = values.identity ?? [];
      if (ids.length !== 1) throw new OrgCommandError('sign needs exactly one --identity');
      const credential = signOrganisationStatement(secretOf(), {
        organisationName: canonicalName(required(values.organisation, '--organisation')),
        employeeName: canonicalName(required(values.name, '--name')),
        identityKey: identityKey(ids[0]!),
        issuedAt: now,
        expiresAt: now + days * DAY,
      });
      writeFileSync(required(values.out, '--out'), `${toBase64Url(credential)}\n`);
      return `Statement written to ${values.out}: ${values.name} at ${values.organisation}, valid until ${new Date(now + days * DAY).toISOString()}.\nThe employee imports it in Parley: Settings, "Your organisation", "Import statement".\n`;
    }
    case 'revoke': {
      const secret = secretOf();
      const ids = values.identity ?? [];
      if (ids.length === 0) throw new OrgCommandError('revoke needs at least one --identity');
      const earlier = values.list ? verifyRevocationList(ed25519.getPublicKey(secret), base64(readText(values.list), 'The old list')).revocations : [];
      const fresh = ids.map((id) => ({ identityKey: identityKey(id), revokedAt: now }));
      const list = signRevocationList(secret, { issuedAt: now, revocations: [...earlier, ...fresh] });
      writeFileSync(required(values.out, '--out'), `${toBase64Url(list)}\n`);
      return `Revocation list of ${earlier.length + fresh.length} keys written to ${values.out}.\nPut its contents in the policy as "revocations" of this organisation's entry in "trustedOrganisations".\n`;
    }
    case 'show': {
      const { statement: s } = decodeOrganisationCredential(base64(readText(required(file, 'The statement file')), 'The statement'));
      return [
        `Organisation: ${s.organisationName}`,
        `Organisation key: ${toBase64Url(s.organisationKey)}`,
        `Employee: ${s.employeeName}`,
        `Identity key: ${toBase64Url(s.identityKey)}`,
        `Issued: ${new Date(s.issuedAt).toISOString()}`,
        `Expires: ${new Date(s.expiresAt).toISOString()}`,
        '',
      ].join('\n');
    }
    default:
      throw new OrgCommandError('Usage: npm run org -- keygen|sign|revoke|show (see docs/DEPLOYMENT.md)');
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    process.stdout.write(runOrg(process.argv.slice(2)));
  } catch (error) {
    process.stderr.write(`org: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
