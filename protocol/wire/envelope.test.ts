import { describe, expect, it } from 'vitest';
import { decodeEnvelope, encodeHandshakeInitEnvelope, encodeRatchetEnvelope } from './envelope';
import { decodeHandshakeInit, encodeHandshakeInit } from './handshake-init';
import { MAX_ENVELOPE_LENGTH } from './limits';
import { decodeHeader, decodeRatchetMessage, encodeHeader, encodeRatchetMessage } from './ratchet-message';

const bytes = (length: number, fill: number) => new Uint8Array(length).fill(fill);
const header = { dh: bytes(32, 7), pn: 3, n: 0x01020304 };
const ratchetMessage = encodeRatchetMessage(encodeHeader(header), bytes(20, 9));

describe('ratchet message (§7.2)', () => {
  it('lays out version || dh || pn || n, then the ciphertext', () => {
    expect([...encodeHeader(header)]).toEqual([1, ...bytes(32, 7), 0, 0, 0, 3, 1, 2, 3, 4]);
    expect(decodeRatchetMessage(ratchetMessage)).toEqual({ header, headerBytes: encodeHeader(header), ciphertext: bytes(20, 9) });
    expect(decodeHeader(encodeHeader(header))).toEqual(header);
  });

  it('rejects an unknown header version and a ciphertext shorter than its tag', () => {
    const v2 = ratchetMessage.slice();
    v2[0] = 2;
    expect(() => decodeRatchetMessage(v2)).toThrow(expect.objectContaining({ code: 'unsupported-version' }));
    expect(() => decodeRatchetMessage(ratchetMessage.slice(0, 41 + 15))).toThrow(/shorter than its tag/);
  });
});

describe('handshake init (§7.3)', () => {
  const init = { identityKey: bytes(32, 1), ephemeralKey: bytes(32, 2), signedPrekeyId: 5, kemPrekeyId: 6, kemCiphertext: bytes(1088, 3) };
  it('round-trips with and without a one-time prekey id', () => {
    const message = decodeRatchetMessage(ratchetMessage);
    expect(decodeHandshakeInit(encodeHandshakeInit(init, ratchetMessage))).toEqual({ ...init, message });
    expect(decodeHandshakeInit(encodeHandshakeInit({ ...init, oneTimePrekeyId: 0xffffffff }, ratchetMessage))).toEqual({ ...init, oneTimePrekeyId: 0xffffffff, message });
  });

  it('rejects a one-time prekey flag other than 0 or 1', () => {
    const encoded = encodeHandshakeInit(init, ratchetMessage);
    encoded[72] = 2;
    expect(() => decodeHandshakeInit(encoded)).toThrow(/flag 2/);
  });
});

describe('envelope (§7.1)', () => {
  it('frames both message types and decodes them back', () => {
    expect(decodeEnvelope(encodeRatchetEnvelope(ratchetMessage))).toMatchObject({ type: 'ratchet-message', message: { header } });
    const init = encodeHandshakeInit({ identityKey: bytes(32, 1), ephemeralKey: bytes(32, 2), signedPrekeyId: 1, kemPrekeyId: 1, kemCiphertext: bytes(1088, 0) }, ratchetMessage);
    expect(decodeEnvelope(encodeHandshakeInitEnvelope(init))).toMatchObject({ type: 'handshake-init', init: { signedPrekeyId: 1 } });
  });

  it('rejects unknown versions and types, and anything over the size limit', () => {
    expect(() => decodeEnvelope(new Uint8Array([2, 2]))).toThrow(expect.objectContaining({ code: 'unsupported-version' }));
    expect(() => decodeEnvelope(new Uint8Array([1, 3]))).toThrow(/type 3 is unknown/);
    expect(() => decodeEnvelope(new Uint8Array(MAX_ENVELOPE_LENGTH + 1))).toThrow(/longer than/);
    expect(() => encodeRatchetEnvelope(new Uint8Array(MAX_ENVELOPE_LENGTH))).toThrow(/exceed/);
  });
});
