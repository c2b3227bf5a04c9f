// Test helpers for protocol/contact: throwaway identities that sign the way main does
// (SIGNING_CONTEXT[purpose] || payload), over the @noble reference provider.
import { nobleProvider } from '../crypto/noble-provider';
import { signingInput } from '../ipc-contract';
import type { SignPurpose } from '../ipc-contract';
import { MemoryKeyOperations } from '../keys/memory-key-operations';

export interface TestIdentity {
  ops: MemoryKeyOperations;
  identityKey: Uint8Array;
  sign(purpose: SignPurpose, payload: Uint8Array): Promise<Uint8Array>;
}

export async function testIdentity(): Promise<TestIdentity> {
  const ops = await MemoryKeyOperations.generate(nobleProvider);
  return { ops, identityKey: await ops.identityPublicKey(), sign: (purpose, payload) => ops.sign(signingInput(purpose, payload)) };
}
