// The cryptographic checks of an admission message (PROTOCOL.md §14.6), done before the state
// machine sees it: every signature under its signer's key, and whether the chain starts at the
// invite's host (its host key id, §4.2). The machine itself is synchronous and pure; it takes the
// results as facts, so it can be tested (and property-tested) without waiting on crypto.
import type { CryptoProvider } from '../crypto/provider';
import { isHostKey } from '../room/host-key-id';
import type { DenyMessage, StateMessage } from './messages';
import { statementSigningInput } from './statement';
import type { Signed } from './statement';

/** What the checks found. `signatures` is aligned with [...links, final]. */
export interface CheckResults {
  readonly signatures: readonly boolean[];
  /** The first signer of the chain is the invite's host. */
  readonly rootMatches: boolean;
}

declare const checked: unique symbol;
/** A message whose signatures and root were checked; only checkAdmissionMessage makes these. */
export type Checked<M> = M & { readonly checks: CheckResults; readonly [checked]: true };

export type ChainMessage = StateMessage | DenyMessage;

/** The part of CryptoProvider the checks use. */
export type StatementVerifier = Pick<CryptoProvider, 'ed25519Verify' | 'sha512'>;

export function statementsOf(message: ChainMessage): Signed[] {
  return [...message.links, message.final];
}

/**
 * Verifies every signature of a message. `known` may say that a statement (same bytes, same
 * signature) was verified before, e.g. the links of the chain the machine already holds, so a
 * member re-sending a long chain costs one verification per new statement only.
 */
export async function checkAdmissionMessage<M extends ChainMessage>(verifier: StatementVerifier, inviteHostKeyId: Uint8Array, message: M, known: (signed: Signed) => boolean = () => false): Promise<Checked<M>> {
  const statements = statementsOf(message);
  const signatures = await Promise.all(
    statements.map((s) => known(s) || verifier.ed25519Verify(s.statement.signer, statementSigningInput(s.bytes), s.signature)),
  );
  const rootMatches = await isHostKey(verifier, statements[0]!.statement.signer, inviteHostKeyId).catch(() => false);
  return { ...message, checks: { signatures, rootMatches } } as unknown as Checked<M>;
}
