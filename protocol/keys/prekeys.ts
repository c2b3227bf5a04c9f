// Prekeys (PROTOCOL.md §3.2): a signed X25519 prekey (SPK), one-time X25519 prekeys (OPK) and a
// signed ML-KEM-768 prekey (PQSPK, PQXDH's last-resort KEM prekey). Pure generation helpers that
// main's keystore calls; the signature goes through the signer so the identity seed can stay
// wherever the caller keeps it.
import { ProtocolError } from '../errors';
import type { CryptoProvider } from '../crypto/provider';
import type { IdentityKeyOperations } from '../handshake/key-operations';
import { encodeKemPublicKey, encodeX25519PublicKey } from './encoding';

/** Prekey ids are unsigned 32-bit integers chosen by the owner (the keystore allocates them). */
export const MAX_PREKEY_ID = 0xffffffff;

export interface SignedPrekey {
  id: number;
  publicKey: Uint8Array;
  /** Ed25519 signature by the identity key over Encode(SPK) = 0x05 || SPK. */
  signature: Uint8Array;
}

export interface KemPrekey {
  id: number;
  publicKey: Uint8Array;
  /** Ed25519 signature by the identity key over EncodeKEM(PQSPK) = 0x0B || PQSPK. */
  signature: Uint8Array;
}

export interface OneTimePrekey {
  id: number;
  publicKey: Uint8Array;
}

export interface SignedPrekeyPair extends SignedPrekey {
  privateKey: Uint8Array;
}

export interface KemPrekeyPair extends KemPrekey {
  secretKey: Uint8Array;
}

export interface OneTimePrekeyPair extends OneTimePrekey {
  privateKey: Uint8Array;
}

export type PrekeySigner = Pick<IdentityKeyOperations, 'sign'>;

function checkId(id: number): void {
  if (!Number.isInteger(id) || id < 0 || id > MAX_PREKEY_ID) throw new ProtocolError('invalid-key', `Prekey id ${id} is not a u32`);
}

export async function generateSignedPrekey(provider: CryptoProvider, signer: PrekeySigner, id: number): Promise<SignedPrekeyPair> {
  checkId(id);
  const privateKey = provider.randomBytes(32);
  const publicKey = await provider.x25519PublicKey(privateKey);
  const signature = await signer.sign(encodeX25519PublicKey(publicKey));
  return { id, publicKey, privateKey, signature };
}

export async function generateKemPrekey(provider: CryptoProvider, signer: PrekeySigner, id: number): Promise<KemPrekeyPair> {
  checkId(id);
  const { publicKey, secretKey } = await provider.mlKemKeygen();
  const signature = await signer.sign(encodeKemPublicKey(publicKey));
  return { id, publicKey, secretKey, signature };
}

/** `count` one-time prekeys with ids firstId, firstId + 1, ... (the keystore tracks the next id). */
export async function generateOneTimePrekeys(provider: CryptoProvider, firstId: number, count: number): Promise<OneTimePrekeyPair[]> {
  checkId(firstId);
  checkId(firstId + Math.max(count - 1, 0));
  const out: OneTimePrekeyPair[] = [];
  for (let i = 0; i < count; i++) {
    const privateKey = provider.randomBytes(32);
    out.push({ id: firstId + i, publicKey: await provider.x25519PublicKey(privateKey), privateKey });
  }
  return out;
}

/** X3DH §3.3 / PQXDH §3.3: the initiator verifies both prekey signatures before using them. */
export async function verifyPrekeySignatures(
  provider: CryptoProvider,
  identityKey: Uint8Array,
  signedPrekey: SignedPrekey,
  kemPrekey: KemPrekey,
): Promise<void> {
  const [spkOk, kemOk] = await Promise.all([
    provider.ed25519Verify(identityKey, encodeX25519PublicKey(signedPrekey.publicKey), signedPrekey.signature),
    provider.ed25519Verify(identityKey, encodeKemPublicKey(kemPrekey.publicKey), kemPrekey.signature),
  ]);
  if (!spkOk) throw new ProtocolError('authentication-failed', 'Signed prekey signature does not verify under the identity key');
  if (!kemOk) throw new ProtocolError('authentication-failed', 'ML-KEM prekey signature does not verify under the identity key');
}
