// The crypto primitives protocol/ needs, behind one interface. The reference implementation is
// @noble (noble-provider.ts); accelerated providers (WebCrypto in the renderer, node:crypto in
// main) implement the same interface and are tested byte-identical to the reference.
// Everything is async because WebCrypto is.

export type HashName = 'SHA-256' | 'SHA-512';

export interface KemKeyPair {
  publicKey: Uint8Array;
  secretKey: Uint8Array;
}

export interface KemEncapsulation {
  cipherText: Uint8Array;
  sharedSecret: Uint8Array;
}

export interface CryptoProvider {
  readonly name: string;
  randomBytes(length: number): Uint8Array;

  /** X25519 public key for a 32-byte private key (RFC 7748). */
  x25519PublicKey(privateKey: Uint8Array): Promise<Uint8Array>;
  /** X25519 shared secret; throws ProtocolError('invalid-key') on an all-zero result. */
  x25519(privateKey: Uint8Array, publicKey: Uint8Array): Promise<Uint8Array>;

  /** Ed25519 public key for a 32-byte seed (RFC 8032). */
  ed25519PublicKey(seed: Uint8Array): Promise<Uint8Array>;
  ed25519Sign(seed: Uint8Array, message: Uint8Array): Promise<Uint8Array>;
  /** False for any invalid signature or key; never throws. */
  ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean>;

  /** HKDF (RFC 5869), extract then expand. */
  hkdf(hash: HashName, ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Promise<Uint8Array>;
  hmac(hash: HashName, key: Uint8Array, data: Uint8Array): Promise<Uint8Array>;
  sha512(data: Uint8Array): Promise<Uint8Array>;

  /** AES-GCM with a 12-byte nonce; output is ciphertext || 16-byte tag. Key 16 or 32 bytes. */
  aesGcmEncrypt(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Promise<Uint8Array>;
  /** Throws ProtocolError('authentication-failed') when the tag does not verify. */
  aesGcmDecrypt(key: Uint8Array, nonce: Uint8Array, ciphertext: Uint8Array, aad: Uint8Array): Promise<Uint8Array>;

  /** XChaCha20-Poly1305 with a 24-byte nonce; output is ciphertext || 16-byte tag. */
  xchachaEncrypt(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Promise<Uint8Array>;
  xchachaDecrypt(key: Uint8Array, nonce: Uint8Array, ciphertext: Uint8Array, aad: Uint8Array): Promise<Uint8Array>;

  /** ML-KEM-768 (FIPS 203). keygen takes an optional 64-byte seed for deterministic tests. */
  mlKemKeygen(seed?: Uint8Array): Promise<KemKeyPair>;
  mlKemEncapsulate(publicKey: Uint8Array): Promise<KemEncapsulation>;
  mlKemDecapsulate(cipherText: Uint8Array, secretKey: Uint8Array): Promise<Uint8Array>;
}
