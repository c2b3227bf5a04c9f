// Colleagues verified by their organisation, main's part (PROTOCOL.md §9.4): the statement IT
// signed for this person's own identity key (imported from a file in Settings, sealed under the
// vault key like the trust record), and the check of statements others present against the
// organisations the admin policy trusts. The trust anchors live only here: the renderer can ask
// whether a statement verifies someone, never tell main whom to trust.
import { equalBytes } from '@noble/curves/utils.js';
import path from 'node:path';
import { fromBase64Url, toBase64Url } from '../../protocol/bytes';
import type { OrganisationStatus, OrganisationVerdict } from '../../protocol/ipc-contract';
import type { TrustedOrganisation } from '../../protocol/organisation/statement';
import { decodeOrganisationCredential, verifyOrganisationStatement } from '../../protocol/organisation/statement';
import { IpcRefusal } from '../ipc/dispatch';
import { SealedJsonFile } from '../vault/sealed-json-file';
import type { Vault } from '../vault/vault';

export const ORGANISATION_FILE = 'organisation.sealed';

export interface OrganisationStatementsOptions {
  dataDir: string;
  vault: () => Promise<Vault>;
  identityKey: () => Promise<Uint8Array>;
  trusted: () => Promise<TrustedOrganisation[]>;
  now: () => number;
}

/** Why an imported file is refused: the codes the Settings screen explains (en/de). */
const IMPORT_REFUSALS: Partial<Record<OrganisationVerdict['status'], [code: string, message: string]>> = {
  malformed: ['organisation-statement-malformed', 'This is not a Parley organisation statement'],
  'bad-signature': ['organisation-statement-malformed', 'The statement is not signed by the key it names'],
  'wrong-key': ['organisation-statement-wrong-key', 'The statement is for another identity key'],
  'not-yet-valid': ['organisation-statement-not-yet-valid', 'The statement is not valid yet'],
  expired: ['organisation-statement-expired', 'The statement has expired'],
};

export class OrganisationStatements {
  private readonly file: SealedJsonFile;

  constructor(private readonly options: OrganisationStatementsOptions) {
    this.file = new SealedJsonFile(path.join(options.dataDir, ORGANISATION_FILE), 'organisation');
  }

  async status(): Promise<OrganisationStatus> {
    const [identityKey, trusted, credential] = await Promise.all([this.options.identityKey(), this.options.trusted(), this.stored()]);
    let statement: OrganisationStatus['statement'] = null;
    const s = credential && decodeOrganisationCredential(credential).statement;
    // A statement for a key we no longer have (a new identity) vouches for nobody we are.
    if (credential && s && equalBytes(s.identityKey, identityKey)) {
      statement = { organisation: s.organisationName, name: s.employeeName, issuedAt: s.issuedAt, expiresAt: s.expiresAt, credential };
    }
    return { identityKey, statement, trustedOrganisations: trusted.map((o) => o.name) };
  }

  /**
   * Keeps the statement in `text` (base64url, as `npm run org -- sign` writes it) if it holds for
   * our own key: checked with the one verdict, trusting the key the statement names (whether our
   * own policy trusts it does not matter: the people we call decide with theirs).
   */
  async import(text: string): Promise<OrganisationStatus> {
    const credential = fromBase64Url(text.trim());
    const refuse = (status: OrganisationVerdict['status']) => {
      const [code, message] = IMPORT_REFUSALS[status] ?? ['organisation-statement-malformed', 'This is not a Parley organisation statement'];
      return new IpcRefusal(code, message);
    };
    if (!credential) throw refuse('malformed');
    let statement;
    try {
      statement = decodeOrganisationCredential(credential).statement;
    } catch {
      throw refuse('malformed');
    }
    const verdict = verifyOrganisationStatement({
      credential,
      trusted: [{ name: statement.organisationName, publicKey: statement.organisationKey, revocations: [] }],
      identityKey: await this.options.identityKey(),
      displayName: statement.employeeName,
      now: this.options.now(),
    });
    if (verdict.status !== 'verified') throw refuse(verdict.status);
    await this.file.write(await this.options.vault(), { credential: toBase64Url(credential) });
    return this.status();
  }

  async remove(): Promise<OrganisationStatus> {
    await this.file.write(await this.options.vault(), { credential: null });
    return this.status();
  }

  /** Someone presented `credential` in a call, authenticated as `identityKey`, named `displayName`. */
  async check(credential: Uint8Array, identityKey: Uint8Array, displayName: string): Promise<OrganisationVerdict> {
    return verifyOrganisationStatement({ credential, trusted: await this.options.trusted(), identityKey, displayName, now: this.options.now() });
  }

  /** The stored statement, if any and still well-formed; a damaged file counts as none (it only ever vouches less). */
  private async stored(): Promise<Uint8Array | null> {
    const read = await this.file.read(await this.options.vault());
    if (read.kind !== 'ok' || typeof read.value !== 'object' || read.value === null) return null;
    const text = (read.value as { credential?: unknown }).credential;
    const credential = typeof text === 'string' ? fromBase64Url(text) : undefined;
    if (!credential) return null;
    try {
      decodeOrganisationCredential(credential);
      return credential;
    } catch {
      return null;
    }
  }
}
