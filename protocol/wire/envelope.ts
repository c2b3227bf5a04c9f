// The envelope: the outermost bytes one peer sends another through the relay (PROTOCOL.md §7.1).
// The relay forwards it opaquely to a peer id; everything inside is end-to-end protected.
//
//   envelope = version u8 (1) || type u8 || body
//   type 1: handshake-init (§7.3)     type 2: ratchet message (§7.2)
import { ByteReader } from '../bytes';
import { ProtocolError } from '../errors';
import { decodeHandshakeInit, type HandshakeInit } from './handshake-init';
import { MAX_ENVELOPE_LENGTH } from './limits';
import { decodeRatchetMessage, type RatchetMessage } from './ratchet-message';

export const ENVELOPE_VERSION = 1;
export const EnvelopeType = { handshakeInit: 1, ratchetMessage: 2 } as const;

export type Envelope = { type: 'handshake-init'; init: HandshakeInit } | { type: 'ratchet-message'; message: RatchetMessage };

function frame(type: number, body: Uint8Array): Uint8Array {
  if (body.length + 2 > MAX_ENVELOPE_LENGTH) throw new ProtocolError('malformed', `Envelope would exceed ${MAX_ENVELOPE_LENGTH} bytes`);
  const out = new Uint8Array(body.length + 2);
  out[0] = ENVELOPE_VERSION;
  out[1] = type;
  out.set(body, 2);
  return out;
}

/** Wraps an encoded handshake init (encodeHandshakeInit). */
export function encodeHandshakeInitEnvelope(handshakeInit: Uint8Array): Uint8Array {
  return frame(EnvelopeType.handshakeInit, handshakeInit);
}

/** Wraps an encoded ratchet message (header || ciphertext). */
export function encodeRatchetEnvelope(ratchetMessage: Uint8Array): Uint8Array {
  return frame(EnvelopeType.ratchetMessage, ratchetMessage);
}

export function decodeEnvelope(bytes: Uint8Array): Envelope {
  if (!(bytes instanceof Uint8Array)) throw new ProtocolError('malformed', 'envelope: input is not a byte array');
  if (bytes.length > MAX_ENVELOPE_LENGTH) throw new ProtocolError('malformed', `Envelope is longer than ${MAX_ENVELOPE_LENGTH} bytes`);
  const r = new ByteReader(bytes, 'envelope');
  const version = r.u8('version');
  if (version !== ENVELOPE_VERSION) throw new ProtocolError('unsupported-version', `Envelope version ${version} is not supported`);
  const type = r.u8('type');
  const body = r.rest();
  switch (type) {
    case EnvelopeType.handshakeInit:
      return { type: 'handshake-init', init: decodeHandshakeInit(body) };
    case EnvelopeType.ratchetMessage:
      return { type: 'ratchet-message', message: decodeRatchetMessage(body) };
    default:
      throw new ProtocolError('malformed', `Envelope type ${type} is unknown`);
  }
}
