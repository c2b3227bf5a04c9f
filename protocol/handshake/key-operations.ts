// The operations that need this installation's private keys. In the app, main implements them
// over the sealed keystore (private keys never reach the renderer); protocol code and tests
// depend only on this interface.

/** Which of our stored prekeys an operation uses (ids as published in our bundle). */
export type PrekeyRef =
  | { kind: 'signed'; id: number }
  | { kind: 'one-time'; id: number };

/**
 * What an init that authenticated used (PROTOCOL.md §5.5): the key store records it once, and
 * refuses the same init again.
 */
export interface AcceptedInit {
  /** The initiator's ephemeral key EK_A (32 bytes): fresh for every honest init. */
  ephemeralKey: Uint8Array;
  signedPrekeyId: number;
  /** The one-time prekey the init named, if any: consumed now. */
  oneTimePrekeyId?: number;
}

/** The operations the handshake (§5) needs: every one but signing. */
export interface HandshakeKeyOperations {
  /** Our Ed25519 identity public key (32 bytes). */
  identityPublicKey(): Promise<Uint8Array>;
  /** X25519(our identity key in Montgomery form, remotePublic). */
  dhIdentity(remotePublic: Uint8Array): Promise<Uint8Array>;
  /**
   * X25519(our prekey, remotePublic). Nothing is consumed here: an init that does not
   * authenticate (forged, or sealed by someone without the room secret) must not burn a one-time
   * prekey (issue 16), so only commitInit consumes it. A one-time prekey already consumed fails
   * with ProtocolError('invalid-key').
   */
  dhPrekey(ref: PrekeyRef, remotePublic: Uint8Array): Promise<Uint8Array>;
  /**
   * The init's first message decrypted: consume its one-time prekey and remember its ephemeral
   * key (for as long as its signed prekey answers inits), persisted before this resolves. An init
   * recorded before, or whose one-time prekey is gone, fails with ProtocolError('replay'): a
   * recorded init opens no second session, in this meeting or a later one, nor after a restart.
   * Calls run one at a time, so of two copies of one init exactly one succeeds.
   */
  commitInit(init: AcceptedInit): Promise<void>;
  /** ML-KEM-768 decapsulation with our signed KEM prekey `kemPrekeyId`. */
  kemDecapsulate(kemPrekeyId: number, cipherText: Uint8Array): Promise<Uint8Array>;
}

export interface IdentityKeyOperations extends HandshakeKeyOperations {
  /** Ed25519 signature with our identity key. */
  sign(message: Uint8Array): Promise<Uint8Array>;
}
