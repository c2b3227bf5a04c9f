// SFrame (RFC 9605) end-to-end media encryption: the fixed API of DESIGN.md "Media encryption".
// Pure and synchronous (@noble only): this is the reference the renderer's WebCrypto fast path
// (renderer/crypto/sframe-context.ts) is tested byte-identical against. docs/PROTOCOL.md §8.
import { ProtocolError } from './errors';
import { aeadOpen, aeadSeal, deriveKeySalt, sframeNonce, sframeSuite } from './sframe/cipher-suites';
import { decodeHeader, encodeHeader } from './sframe/header';

export { decodeHeader, encodeHeader } from './sframe/header';
export type { SframeHeader } from './sframe/header';
export { SFRAME_SUITES, deriveKeySalt, sframeLabels, sframeNonce, sframeSuite } from './sframe/cipher-suites';
export type { SframeSuite } from './sframe/cipher-suites';

export interface SframeEncryptParams {
  suite: number;
  baseKey: Uint8Array;
  kid: bigint;
  ctr: bigint;
  metadata: Uint8Array;
  plaintext: Uint8Array;
}

export interface SframeDecryptParams {
  suite: number;
  baseKey: Uint8Array;
  metadata: Uint8Array;
  frame: Uint8Array;
}

function aadOf(header: Uint8Array, metadata: Uint8Array): Uint8Array {
  const aad = new Uint8Array(header.length + metadata.length);
  aad.set(header);
  aad.set(metadata, header.length);
  return aad;
}

/** §4.4.3 encrypt: returns header || AEAD.Encrypt(sframe_key, nonce, header || metadata, plaintext). */
export function encrypt(p: SframeEncryptParams): Uint8Array {
  const suite = sframeSuite(p.suite);
  const header = encodeHeader(p.kid, p.ctr);
  const { key, salt } = deriveKeySalt(suite, p.kid, p.baseKey);
  const sealed = aeadSeal(suite, key, sframeNonce(salt, p.ctr), aadOf(header, p.metadata), p.plaintext);
  const out = new Uint8Array(header.length + sealed.length);
  out.set(header);
  out.set(sealed, header.length);
  return out;
}

/**
 * §4.4.4 decrypt. The caller chose `baseKey` for the KID it expects (see decodeHeader); a frame
 * under another KID fails authentication because the KID is part of the key derivation.
 * Throws ProtocolError: 'malformed' (bad header, too short), 'authentication-failed' (tag).
 */
export function decrypt(p: SframeDecryptParams): Uint8Array {
  const suite = sframeSuite(p.suite);
  const { kid, ctr, length } = decodeHeader(p.frame);
  if (p.frame.length - length < suite.tagLength) {
    throw new ProtocolError('malformed', 'SFrame ciphertext shorter than its authentication tag');
  }
  const header = p.frame.subarray(0, length);
  const { key, salt } = deriveKeySalt(suite, kid, p.baseKey);
  return aeadOpen(suite, key, sframeNonce(salt, ctr), aadOf(header, p.metadata), p.frame.subarray(length));
}
