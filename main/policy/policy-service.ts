// Loads the admin policy through a PolicyReader, validates it (never throws: a broken policy
// becomes errors plus the safest values) and re-reads it when the source changes.
import type { PolicyStatus } from '../../protocol/ipc-contract';
import type { TrustedOrganisation } from '../../protocol/organisation/statement';
import { ORGANISATIONS_POLICY_KEY, validateOrganisations } from './organisations';
import type { PolicyReader } from './reader';
import type { PolicyValues } from './schema';
import { safestPolicy, validatePolicy } from './schema';

export interface PolicySnapshot {
  values: PolicyValues;
  status: PolicyStatus;
}

export class PolicyService {
  private snapshot: PolicySnapshot = { values: {}, status: { source: null, errors: [] } };
  /** Whose statements about colleagues this installation trusts (PROTOCOL.md §9.4); none without a policy. */
  private organisations: TrustedOrganisation[] = [];
  private readonly listeners = new Set<(snapshot: PolicySnapshot) => void>();
  private stopWatching: (() => void) | null = null;
  private loading: Promise<void>;

  constructor(private readonly reader: PolicyReader) {
    this.loading = this.reload(false);
  }

  async current(): Promise<PolicySnapshot> {
    await this.loading;
    return this.snapshot;
  }

  async trustedOrganisations(): Promise<TrustedOrganisation[]> {
    await this.loading;
    return this.organisations;
  }

  /** Starts watching the source; listeners hear about every re-read. */
  watch(): void {
    this.stopWatching ??= this.reader.watch(() => {
      this.loading = this.reload(true);
    });
  }

  /** Listeners hear about re-reads after a change of the source (not the first load). */
  onChange(listener: (snapshot: PolicySnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.stopWatching?.();
    this.stopWatching = null;
    this.listeners.clear();
  }

  private async reload(notify: boolean): Promise<void> {
    let next: PolicySnapshot;
    let organisations: TrustedOrganisation[] = [];
    try {
      const result = await this.reader.read();
      if (result.kind === 'none') next = { values: {}, status: { source: null, errors: [] } };
      else if (result.kind === 'unreadable') next = { values: safestPolicy(), status: { source: result.source, errors: [result.error] } };
      else {
        const { values, errors } = validatePolicy(result.raw);
        const raw = typeof result.raw === 'object' && result.raw !== null ? (result.raw as Record<string, unknown>)[ORGANISATIONS_POLICY_KEY] : undefined;
        const trusted = validateOrganisations(raw);
        organisations = trusted.organisations;
        next = { values, status: { source: result.source, errors: [...errors, ...trusted.errors] } };
      }
    } catch {
      next = { values: safestPolicy(), status: { source: 'unknown', errors: ['The policy could not be read'] } };
    }
    this.snapshot = next;
    this.organisations = organisations;
    if (notify) for (const listener of this.listeners) listener(next);
  }
}
