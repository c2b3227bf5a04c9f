// A Sealer protects the 32-byte vault key that encrypts Parley's files (keystore, known
// identities). Production seals it with Electron safeStorage (OS keychain); where that has no
// real backend the vault key is wrapped under a passphrase (scrypt). Everything above this
// interface is plain Node and is tested without Electron.

export type SealerKind = 'safe-storage' | 'passphrase';

export interface Sealer {
  readonly kind: SealerKind;
  /** Seals secret bytes; the output is safe to write to disk. */
  seal(secret: Uint8Array): Promise<Uint8Array>;
  /** Opens what seal() produced; throws SealerError when it cannot. */
  open(sealed: Uint8Array): Promise<Uint8Array>;
  /** True when the last open() asked for the secret to be sealed again (the OS rotated its key). */
  wantsReseal?(): boolean;
}

export type SealerErrorCode =
  | 'wrong-passphrase' // the passphrase does not open this vault key
  | 'undecryptable' // the OS keychain refused or no longer has the key
  | 'malformed' // the sealed bytes are not in our format
  | 'unavailable'; // no encryption backend

export class SealerError extends Error {
  constructor(
    readonly code: SealerErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SealerError';
  }
}
