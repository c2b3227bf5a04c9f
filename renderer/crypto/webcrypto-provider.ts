// CryptoProvider on WebCrypto (crypto.subtle) for the renderer and its Workers: X25519, Ed25519,
// HKDF, HMAC, SHA-512 and AES-GCM run natively (X25519 ~10x, AES-GCM ~13x faster than @noble in
// Chromium, TESTING.md). WebCrypto has no XChaCha20-Poly1305 or ML-KEM, and refuses zero-length
// HMAC keys, so those fall back to the @noble reference. Uses only globalThis.crypto, so it runs
// in a Worker. Every output is byte-identical to protocol/crypto/noble-provider.ts (PROTOCOL.md §2).
import { checkLength, x25519Output } from '../../protocol/crypto/provider-checks';
import { ProtocolError } from '../../protocol/errors';
import { nobleProvider } from '../../protocol/crypto/noble-provider';
import type { CryptoProvider, HashName } from '../../protocol/crypto/provider';
import { aesGcmOpenWithKey, aesGcmSealWithKey, importAesGcmKey, subtleHkdf, toBufferSource } from './webcrypto-primitives';

// PKCS#8 wrappings for raw 32-byte private keys (RFC 8410); WebCrypto cannot import raw private keys.
const PKCS8_X25519 = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20];
const PKCS8_ED25519 = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20];
/** WebCrypto implementations (Node's among them) refuse HKDF info longer than this; longer goes to @noble. */
const HKDF_MAX_INFO = 1024;

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;


function pkcs8(prefix: number[], raw: Uint8Array): Uint8Array<ArrayBuffer> {
  const der = new Uint8Array(prefix.length + raw.length);
  der.set(prefix);
  der.set(raw, prefix.length);
  return der;
}

function base64UrlDecode(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** The public key of a 32-byte private key: import it and read `x` from its JWK export. */
async function publicFromPrivate(algorithm: 'X25519' | 'Ed25519', prefix: number[], priv: Uint8Array): Promise<Uint8Array> {
  const usages: KeyUsage[] = algorithm === 'X25519' ? ['deriveBits'] : ['sign'];
  const key = await subtle().importKey('pkcs8', pkcs8(prefix, priv), { name: algorithm }, true, usages);
  const jwk = await subtle().exportKey('jwk', key);
  if (typeof jwk.x !== 'string') throw new ProtocolError('invalid-key', `${algorithm} key export lacks the public key`);
  return base64UrlDecode(jwk.x);
}


export const webCryptoProvider: CryptoProvider = {
  name: 'webcrypto',
  randomBytes: (length) => globalThis.crypto.getRandomValues(new Uint8Array(length)),

  x25519PublicKey: async (priv) => {
    checkLength('X25519 private key', priv, 32);
    return publicFromPrivate('X25519', PKCS8_X25519, priv);
  },
  x25519: async (priv, pub) => {
    checkLength('X25519 private key', priv, 32);
    checkLength('X25519 public key', pub, 32);
    // WebCrypto fails the derivation when the result is all zero (a low-order point).
    return x25519Output(async () => {
      const privateKey = await subtle().importKey('pkcs8', pkcs8(PKCS8_X25519, priv), { name: 'X25519' }, false, ['deriveBits']);
      const publicKey = await subtle().importKey('raw', toBufferSource(pub), { name: 'X25519' }, false, []);
      return new Uint8Array(await subtle().deriveBits({ name: 'X25519', public: publicKey }, privateKey, 256));
    });
  },

  ed25519PublicKey: async (seed) => {
    checkLength('Ed25519 seed', seed, 32);
    return publicFromPrivate('Ed25519', PKCS8_ED25519, seed);
  },
  ed25519Sign: async (seed, message) => {
    checkLength('Ed25519 seed', seed, 32);
    const key = await subtle().importKey('pkcs8', pkcs8(PKCS8_ED25519, seed), { name: 'Ed25519' }, false, ['sign']);
    return new Uint8Array(await subtle().sign({ name: 'Ed25519' }, key, toBufferSource(message)));
  },
  ed25519Verify: async (pub, message, signature) => {
    if (pub.length !== 32 || signature.length !== 64) return false;
    try {
      const key = await subtle().importKey('raw', toBufferSource(pub), { name: 'Ed25519' }, false, ['verify']);
      return await subtle().verify({ name: 'Ed25519' }, key, toBufferSource(signature), toBufferSource(message));
    } catch {
      return false;
    }
  },

  hkdf: async (hash: HashName, ikm, salt, info, length) => {
    if (info.length > HKDF_MAX_INFO || length === 0) return nobleProvider.hkdf(hash, ikm, salt, info, length);
    return subtleHkdf(hash, ikm, salt, info, length);
  },
  hmac: async (hash: HashName, key, data) => {
    if (key.length === 0) return nobleProvider.hmac(hash, key, data);
    const hmacKey = await subtle().importKey('raw', toBufferSource(key), { name: 'HMAC', hash }, false, ['sign']);
    return new Uint8Array(await subtle().sign('HMAC', hmacKey, toBufferSource(data)));
  },
  sha512: async (data) => new Uint8Array(await subtle().digest('SHA-512', toBufferSource(data))),

  aesGcmEncrypt: async (key, nonce, plaintext, aad) => {
    checkLength('AES-GCM key', key, 16, 32);
    checkLength('AES-GCM nonce', nonce, 12);
    return aesGcmSealWithKey(await importAesGcmKey(key), nonce, plaintext, aad);
  },
  aesGcmDecrypt: async (key, nonce, ciphertext, aad) => {
    checkLength('AES-GCM key', key, 16, 32);
    checkLength('AES-GCM nonce', nonce, 12);
    return aesGcmOpenWithKey(await importAesGcmKey(key), nonce, ciphertext, aad);
  },

  // Not in WebCrypto: the @noble reference.
  xchachaEncrypt: nobleProvider.xchachaEncrypt,
  xchachaDecrypt: nobleProvider.xchachaDecrypt,
  mlKemKeygen: nobleProvider.mlKemKeygen,
  mlKemEncapsulate: nobleProvider.mlKemEncapsulate,
  mlKemDecapsulate: nobleProvider.mlKemDecapsulate,
};
