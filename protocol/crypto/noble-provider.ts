// The reference CryptoProvider: every primitive from @noble, pure TypeScript, runs anywhere.
import { gcm } from '@noble/ciphers/aes.js';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { checkLength, x25519Output } from './provider-checks';
import { ProtocolError } from '../errors';
import type { CryptoProvider, HashName } from './provider';

const hashes = { 'SHA-256': sha256, 'SHA-512': sha512 } as const;



function open(decrypt: () => Uint8Array): Uint8Array {
  try {
    return decrypt();
  } catch {
    throw new ProtocolError('authentication-failed', 'Ciphertext did not authenticate');
  }
}

export const nobleProvider: CryptoProvider = {
  name: 'noble',
  randomBytes: (length) => randomBytes(length),

  x25519PublicKey: async (privateKey) => {
    checkLength('X25519 private key', privateKey, 32);
    return x25519.getPublicKey(privateKey);
  },
  x25519: async (privateKey, publicKey) => {
    checkLength('X25519 private key', privateKey, 32);
    checkLength('X25519 public key', publicKey, 32);
    return x25519Output(() => x25519.getSharedSecret(privateKey, publicKey));
  },

  ed25519PublicKey: async (seed) => {
    checkLength('Ed25519 seed', seed, 32);
    return ed25519.getPublicKey(seed);
  },
  ed25519Sign: async (seed, message) => {
    checkLength('Ed25519 seed', seed, 32);
    return ed25519.sign(message, seed);
  },
  ed25519Verify: async (publicKey, message, signature) => {
    try {
      return publicKey.length === 32 && signature.length === 64 && ed25519.verify(signature, message, publicKey);
    } catch {
      return false;
    }
  },

  hkdf: async (hash: HashName, ikm, salt, info, length) => hkdf(hashes[hash], ikm, salt, info, length),
  hmac: async (hash: HashName, key, data) => hmac(hashes[hash], key, data),
  sha512: async (data) => sha512(data),

  aesGcmEncrypt: async (key, nonce, plaintext, aad) => {
    checkLength('AES-GCM key', key, 16, 32);
    checkLength('AES-GCM nonce', nonce, 12);
    return gcm(key, nonce, aad).encrypt(plaintext);
  },
  aesGcmDecrypt: async (key, nonce, ciphertext, aad) => {
    checkLength('AES-GCM key', key, 16, 32);
    checkLength('AES-GCM nonce', nonce, 12);
    return open(() => gcm(key, nonce, aad).decrypt(ciphertext));
  },

  xchachaEncrypt: async (key, nonce, plaintext, aad) => {
    checkLength('XChaCha20-Poly1305 key', key, 32);
    checkLength('XChaCha20-Poly1305 nonce', nonce, 24);
    return xchacha20poly1305(key, nonce, aad).encrypt(plaintext);
  },
  xchachaDecrypt: async (key, nonce, ciphertext, aad) => {
    checkLength('XChaCha20-Poly1305 key', key, 32);
    checkLength('XChaCha20-Poly1305 nonce', nonce, 24);
    return open(() => xchacha20poly1305(key, nonce, aad).decrypt(ciphertext));
  },

  mlKemKeygen: async (seed) => {
    if (seed) checkLength('ML-KEM seed', seed, 64);
    const { publicKey, secretKey } = ml_kem768.keygen(seed);
    return { publicKey, secretKey };
  },
  mlKemEncapsulate: async (publicKey) => {
    checkLength('ML-KEM-768 public key', publicKey, 1184);
    try {
      const { cipherText, sharedSecret } = ml_kem768.encapsulate(publicKey);
      return { cipherText, sharedSecret };
    } catch {
      throw new ProtocolError('invalid-key', 'ML-KEM-768 public key is invalid');
    }
  },
  mlKemDecapsulate: async (cipherText, secretKey) => {
    checkLength('ML-KEM-768 ciphertext', cipherText, 1088);
    checkLength('ML-KEM-768 secret key', secretKey, 2400);
    return ml_kem768.decapsulate(cipherText, secretKey);
  },
};
