// The one error type protocol/ throws for bad input: decoders, AEAD failures, handshake and
// ratchet refusals. Callers can rely on `code` (stable) and show `message` (human-readable).

export type ProtocolErrorCode =
  | 'malformed' // bytes that do not decode (wrong length, bad tag, truncated)
  | 'unsupported-version'
  | 'unsupported-suite'
  | 'authentication-failed' // AEAD tag, signature or MAC did not verify
  | 'replay'
  | 'too-many-skipped' // ratchet MAX_SKIP exceeded
  | 'invalid-key'
  | 'invalid-invite'
  | 'invalid-state';

export class ProtocolError extends Error {
  constructor(
    readonly code: ProtocolErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ProtocolError';
  }
}
