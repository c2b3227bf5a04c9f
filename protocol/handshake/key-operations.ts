// The operations that need this installation's private keys. In the app, main implements them
// over the sealed keystore (private keys never reach the renderer); protocol code and tests
// depend only on this interface.

/** Which of our stored prekeys an operation uses (ids as published in our bundle). */
export type PrekeyRef =
  | { kind: 'signed'; id: number }
  | { kind: 'one-time'; id: number };

/** The operations the handshake (§5) needs: every one but signing. */
export interface HandshakeKeyOperations {
  /** Our Ed25519 identity public key (32 bytes). */
  identityPublicKey(): Promise<Uint8Array>;
  /** X25519(our identity key in Montgomery form, remotePublic). */
  dhIdentity(remotePublic: Uint8Array): Promise<Uint8Array>;
  /**
   * X25519(our prekey, remotePublic). A one-time prekey is deleted, and the deletion persisted,
   * before this resolves; asking for it again fails with ProtocolError('invalid-key').
   */
  dhPrekey(ref: PrekeyRef, remotePublic: Uint8Array): Promise<Uint8Array>;
  /** ML-KEM-768 decapsulation with our signed KEM prekey `kemPrekeyId`. */
  kemDecapsulate(kemPrekeyId: number, cipherText: Uint8Array): Promise<Uint8Array>;
}

export interface IdentityKeyOperations extends HandshakeKeyOperations {
  /** Ed25519 signature with our identity key. */
  sign(message: Uint8Array): Promise<Uint8Array>;
}
