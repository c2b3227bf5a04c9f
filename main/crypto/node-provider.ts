// CryptoProvider on node:crypto (OpenSSL) for main: X25519, Ed25519, HKDF, HMAC, SHA-512 and
// AES-GCM run natively (X25519 is ~40x faster than @noble here, TESTING.md). node:crypto has no
// XChaCha20-Poly1305, and Node 20 has no ML-KEM, so those two fall back to the @noble reference.
// Every output is byte-identical to protocol/crypto/noble-provider.ts (docs/PROTOCOL.md §2).
import {
  createCipheriv, createDecipheriv, createHash, createHmac, createPrivateKey, createPublicKey, diffieHellman,
  hkdfSync, randomFillSync, sign, verify,
} from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { checkLength, x25519Output } from '../../protocol/crypto/provider-checks';
import { ProtocolError } from '../../protocol/errors';
import { nobleProvider } from '../../protocol/crypto/noble-provider';
import type { CryptoProvider, HashName } from '../../protocol/crypto/provider';

// Raw 32-byte keys are imported as JWK (RFC 8037 OKP): OpenSSL 3's DER decoder costs ~300 µs per
// PKCS#8 key on the build machine against ~25 µs for JWK (measured), and that import dominated
// every X25519 and Ed25519 call. For an OKP private key Node derives the public half from `d` and
// ignores `x`, so `x` only has to be well-formed; the byte-identity tests catch any change.
type OkpCurve = 'X25519' | 'Ed25519';
const X25519: OkpCurve = 'X25519';
const ED25519: OkpCurve = 'Ed25519';
const PLACEHOLDER_X = Buffer.alloc(32).toString('base64url');

const NODE_HASH = { 'SHA-256': 'sha256', 'SHA-512': 'sha512' } as const;
/** node:crypto refuses HKDF info longer than this; longer info goes to @noble. */
const NODE_HKDF_MAX_INFO = 1024;


/** A fresh Uint8Array (not a Buffer, not a view into Node's shared pool). */
function bytes(view: ArrayBufferView | ArrayBuffer): Uint8Array {
  return view instanceof ArrayBuffer ? new Uint8Array(view.slice(0)) : new Uint8Array(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
}

function privateKey(crv: OkpCurve, raw: Uint8Array): KeyObject {
  return createPrivateKey({ key: { kty: 'OKP', crv, d: Buffer.from(raw).toString('base64url'), x: PLACEHOLDER_X }, format: 'jwk' });
}

function publicKey(crv: OkpCurve, raw: Uint8Array): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv, x: Buffer.from(raw).toString('base64url') }, format: 'jwk' });
}

/** The raw 32-byte public key of a private key. */
function rawPublic(key: KeyObject): Uint8Array {
  return bytes(Buffer.from(createPublicKey(key).export({ format: 'jwk' }).x ?? '', 'base64url'));
}


function gcmCipher(keyLength: number): 'aes-128-gcm' | 'aes-256-gcm' {
  return keyLength === 16 ? 'aes-128-gcm' : 'aes-256-gcm';
}

export const nodeProvider: CryptoProvider = {
  name: 'node:crypto',
  randomBytes: (length) => randomFillSync(new Uint8Array(length)),

  x25519PublicKey: async (priv) => {
    checkLength('X25519 private key', priv, 32);
    return rawPublic(privateKey(X25519, priv));
  },
  x25519: async (priv, pub) => {
    checkLength('X25519 private key', priv, 32);
    checkLength('X25519 public key', pub, 32);
    // OpenSSL refuses an all-zero result (a low-order public point) with an error.
    return x25519Output(() => bytes(diffieHellman({ privateKey: privateKey(X25519, priv), publicKey: publicKey(X25519, pub) })));
  },

  ed25519PublicKey: async (seed) => {
    checkLength('Ed25519 seed', seed, 32);
    return rawPublic(privateKey(ED25519, seed));
  },
  ed25519Sign: async (seed, message) => {
    checkLength('Ed25519 seed', seed, 32);
    return bytes(sign(null, message, privateKey(ED25519, seed)));
  },
  ed25519Verify: async (pub, message, signature) => {
    if (pub.length !== 32 || signature.length !== 64) return false;
    try {
      return verify(null, message, publicKey(ED25519, pub), signature);
    } catch {
      return false;
    }
  },

  hkdf: async (hash: HashName, ikm, salt, info, length) => {
    if (info.length > NODE_HKDF_MAX_INFO) return nobleProvider.hkdf(hash, ikm, salt, info, length);
    return bytes(hkdfSync(NODE_HASH[hash], ikm, salt, info, length));
  },
  hmac: async (hash: HashName, key, data) => bytes(createHmac(NODE_HASH[hash], key).update(data).digest()),
  sha512: async (data) => bytes(createHash('sha512').update(data).digest()),

  aesGcmEncrypt: async (key, nonce, plaintext, aad) => {
    checkLength('AES-GCM key', key, 16, 32);
    checkLength('AES-GCM nonce', nonce, 12);
    const cipher = createCipheriv(gcmCipher(key.length), key, nonce, { authTagLength: 16 });
    cipher.setAAD(aad);
    const out = new Uint8Array(plaintext.length + 16);
    const body = cipher.update(plaintext);
    out.set(body);
    out.set(cipher.final(), body.length);
    out.set(cipher.getAuthTag(), plaintext.length);
    return out;
  },
  aesGcmDecrypt: async (key, nonce, ciphertext, aad) => {
    checkLength('AES-GCM key', key, 16, 32);
    checkLength('AES-GCM nonce', nonce, 12);
    if (ciphertext.length < 16) throw new ProtocolError('authentication-failed', 'Ciphertext did not authenticate');
    try {
      const decipher = createDecipheriv(gcmCipher(key.length), key, nonce, { authTagLength: 16 });
      decipher.setAAD(aad);
      decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
      const out = new Uint8Array(ciphertext.length - 16);
      const body = decipher.update(ciphertext.subarray(0, ciphertext.length - 16));
      out.set(body);
      out.set(decipher.final(), body.length);
      return out;
    } catch {
      throw new ProtocolError('authentication-failed', 'Ciphertext did not authenticate');
    }
  },

  // No XChaCha20-Poly1305 in node:crypto, no ML-KEM in Node 20: the @noble reference.
  xchachaEncrypt: nobleProvider.xchachaEncrypt,
  xchachaDecrypt: nobleProvider.xchachaDecrypt,
  mlKemKeygen: nobleProvider.mlKemKeygen,
  mlKemEncapsulate: nobleProvider.mlKemEncapsulate,
  mlKemDecapsulate: nobleProvider.mlKemDecapsulate,
};
