// Double Ratchet key derivation functions (PROTOCOL.md §6.2; Signal's Double Ratchet spec §5.2
// "Recommended cryptographic algorithms").
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { CryptoProvider } from '../crypto/provider';

/** HKDF info for KDF_RK. */
export const ROOT_KDF_INFO = utf8ToBytes('Parley v1 ratchet root');
/** HKDF info that expands a message key into the AEAD key and nonce. */
export const MESSAGE_KEYS_INFO = utf8ToBytes('Parley v1 message keys');
/** KDF_CK inputs (§5.2): HMAC(ck, 0x01) is the message key, HMAC(ck, 0x02) the next chain key. */
const MESSAGE_KEY_INPUT = new Uint8Array([0x01]);
const CHAIN_KEY_INPUT = new Uint8Array([0x02]);
const ZERO_SALT = new Uint8Array(32);

/** KDF_RK(rk, dh_out): HKDF-SHA-256 with rk as salt and dh_out as input key material -> (rk', ck). */
export async function kdfRk(provider: CryptoProvider, rootKey: Uint8Array, dhOutput: Uint8Array): Promise<[rootKey: Uint8Array, chainKey: Uint8Array]> {
  const out = await provider.hkdf('SHA-256', dhOutput, rootKey, ROOT_KDF_INFO, 64);
  return [out.slice(0, 32), out.slice(32, 64)];
}

/** KDF_CK(ck) -> (ck', mk). */
export async function kdfCk(provider: CryptoProvider, chainKey: Uint8Array): Promise<[chainKey: Uint8Array, messageKey: Uint8Array]> {
  const [next, messageKey] = await Promise.all([
    provider.hmac('SHA-256', chainKey, CHAIN_KEY_INPUT),
    provider.hmac('SHA-256', chainKey, MESSAGE_KEY_INPUT),
  ]);
  return [next, messageKey];
}

/**
 * ENCRYPT's key schedule (§5.2, adapted to an AEAD): HKDF-SHA-256(mk, salt = 32 zero bytes,
 * info) -> AES-256-GCM key (32) || nonce (12). Every message key is used for exactly one message,
 * so a nonce derived from it never repeats under its key.
 */
export async function messageKeys(provider: CryptoProvider, messageKey: Uint8Array): Promise<{ key: Uint8Array; nonce: Uint8Array }> {
  const out = await provider.hkdf('SHA-256', messageKey, ZERO_SALT, MESSAGE_KEYS_INFO, 44);
  return { key: out.slice(0, 32), nonce: out.slice(32, 44) };
}
