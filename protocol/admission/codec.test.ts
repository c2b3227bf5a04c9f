// Wire forms of PROTOCOL.md §14.2-14.5 and the record of §14.9: exact round trips, every
// malformed shape refused with its ProtocolError code, and a seeded fuzzer (only ProtocolError).
import { describe, expect, it } from 'vitest';
import { ByteWriter } from '../bytes';
import { ProtocolError } from '../errors';
import { createAdmission } from './machine';
import { ADMISSION_KIND_CODES, MAX_CHAIN_LINKS, decodeAdmissionMessage, encodeAdmissionMessage } from './messages';
import type { AdmissionMessage, HandOverLink, StateMessage } from './messages';
import { decodeAdmissionRecord, encodeAdmissionRecord } from './record';
import { STATEMENT_LENGTHS, encodeMeetingState, meetingState, stateDigest } from './statement';
import { signAs, testPerson } from './test-meeting';

const roomId = new Uint8Array(32).fill(3);
const alice = await testPerson('alice');
const bob = await testPerson('bob');
const carla = await testPerson('carla');
const state = meetingState(true, [alice.id, bob.id, carla.id], [await testPerson('x').then((p) => p.id)]);
const digest = stateDigest(encodeMeetingState(state));
const common = { roomId, epoch: 1_700_000_000_000, issuedAt: 1_700_000_000_123 };
const aToB = (await signAs(alice, { ...common, kind: 'hand-over', seq: 3, signer: alice.key, successor: bob.key, stateDigest: digest })) as HandOverLink;
const view = await signAs(bob, { ...common, kind: 'view', seq: 4, signer: bob.key, stateDigest: digest });
const deny = await signAs(bob, { ...common, kind: 'deny', seq: 4, signer: bob.key, subject: carla.id, reason: 'locked' });
const stateMessage: StateMessage = { kind: 'state', links: [aToB], final: view, state };
const messages: AdmissionMessage[] = [
  { kind: 'knock', displayName: 'Bob Berger' },
  { kind: 'welcome', displayName: 'Zoë' },
  stateMessage,
  { kind: 'deny', links: [aToB], final: deny },
];

const code = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ProtocolError) return error.code;
    throw error;
  }
  return 'no error';
};

function stateBody(w: ByteWriter, flags: number, admitted: Uint8Array[], removed: Uint8Array[]): Uint8Array {
  w.u8(flags).u8(admitted.length);
  for (const id of admitted) w.rest(id);
  w.u8(removed.length);
  for (const id of removed) w.rest(id);
  return w.finish();
}

describe('admission codecs (§14.2-14.5)', () => {
  it('every message decodes to what was encoded, and encodes back to the same bytes', () => {
    for (const message of messages) {
      const bytes = encodeAdmissionMessage(message);
      const decoded = decodeAdmissionMessage(bytes);
      expect(encodeAdmissionMessage(decoded)).toEqual(bytes);
      expect(decoded.kind).toBe(message.kind);
    }
    const decoded = decodeAdmissionMessage(encodeAdmissionMessage(stateMessage)) as StateMessage;
    expect(decoded.state).toEqual(state);
    expect(decoded.final.signerId).toBe(bob.id);
    expect(decoded.links[0]!.successorId).toBe(bob.id);
  });

  it('statements have fixed lengths per kind', () => {
    expect(view.bytes).toHaveLength(STATEMENT_LENGTHS.view);
    expect(aToB.bytes).toHaveLength(STATEMENT_LENGTHS['hand-over']);
    expect(deny.bytes).toHaveLength(STATEMENT_LENGTHS.deny);
  });

  it('refuses truncation and trailing bytes everywhere', () => {
    for (const message of messages.filter((m) => m.kind !== 'knock' && m.kind !== 'welcome')) {
      const bytes = encodeAdmissionMessage(message);
      expect(code(() => decodeAdmissionMessage(bytes.slice(0, -1)))).toBe('malformed');
      expect(code(() => decodeAdmissionMessage(new Uint8Array([...bytes, 0])))).toBe('malformed');
    }
    expect(code(() => decodeAdmissionMessage(new Uint8Array()))).toBe('malformed');
  });

  it('refuses unknown kinds and versions, a chain link that is not a hand-over, a state ending in a deny', () => {
    expect(code(() => decodeAdmissionMessage(new Uint8Array([1, 65])))).toBe('malformed'); // an old §11 knock
    expect(code(() => decodeAdmissionMessage(new Uint8Array([20])))).toBe('malformed');
    const encoded = encodeAdmissionMessage(stateMessage);
    const badVersion = encoded.slice();
    badVersion[2] = 2; // the first link's version byte
    expect(code(() => decodeAdmissionMessage(badVersion))).toBe('unsupported-version');
    const badKind = encoded.slice();
    badKind[3] = 9;
    expect(code(() => decodeAdmissionMessage(badKind))).toBe('malformed');
    const viewAsLink = new ByteWriter().u8(ADMISSION_KIND_CODES.deny).u8(1).rest(view.bytes).rest(view.signature).rest(deny.bytes).rest(deny.signature).finish();
    expect(code(() => decodeAdmissionMessage(viewAsLink))).toBe('malformed');
    const endsInDeny = new ByteWriter().u8(ADMISSION_KIND_CODES.state).u8(0).rest(deny.bytes).rest(deny.signature).rest(encodeMeetingState(state)).finish();
    expect(code(() => decodeAdmissionMessage(endsInDeny))).toBe('malformed');
    const denyOfView = new ByteWriter().u8(ADMISSION_KIND_CODES.deny).u8(0).rest(view.bytes).rest(view.signature).finish();
    expect(code(() => decodeAdmissionMessage(denyOfView))).toBe('malformed');
  });

  it('refuses more than 64 links', () => {
    const w = new ByteWriter().u8(ADMISSION_KIND_CODES.deny).u8(MAX_CHAIN_LINKS + 1);
    for (let i = 0; i <= MAX_CHAIN_LINKS; i++) w.rest(aToB.bytes).rest(aToB.signature);
    expect(code(() => decodeAdmissionMessage(w.rest(deny.bytes).rest(deny.signature).finish()))).toBe('malformed');
    expect(code(() => encodeAdmissionMessage({ kind: 'deny', links: Array(MAX_CHAIN_LINKS + 1).fill(aToB), final: deny }))).toBe('malformed');
  });

  it('refuses epochs and times beyond 2^53 - 1, unknown deny reasons, signers that are not identity keys', () => {
    const huge = deny.bytes.slice();
    huge[34] = 0x00;
    huge[35] = 0x20; // epoch high word 0x00200000
    expect(code(() => decodeAdmissionMessage(new ByteWriter().u8(ADMISSION_KIND_CODES.deny).u8(0).rest(huge).rest(deny.signature).finish()))).toBe('malformed');
    const reason = deny.bytes.slice();
    reason[reason.length - 1] = 3;
    expect(code(() => decodeAdmissionMessage(new ByteWriter().u8(ADMISSION_KIND_CODES.deny).u8(0).rest(reason).rest(deny.signature).finish()))).toBe('malformed');
    const notAKey = view.bytes.slice();
    notAKey.set(Uint8Array.of(2, ...new Uint8Array(31)), 54); // y = 2 is on no edwards25519 point
    const message = new ByteWriter().u8(ADMISSION_KIND_CODES.state).u8(0).rest(notAKey).rest(view.signature).rest(encodeMeetingState(state)).finish();
    expect(code(() => decodeAdmissionMessage(message))).toBe('invalid-key');
  });

  it('a state must be canonical: sorted, distinct, disjoint, known flags, within its bounds', () => {
    const [a, b] = [alice.id, bob.id].sort().map((id) => Uint8Array.from(Buffer.from(id, 'hex')));
    const read = (body: Uint8Array) => code(() => decodeAdmissionMessage(new ByteWriter().u8(ADMISSION_KIND_CODES.state).u8(0).rest(view.bytes).rest(view.signature).rest(body).finish()));
    expect(read(stateBody(new ByteWriter(), 0, [a!, b!], []))).toBe('no error');
    expect(read(stateBody(new ByteWriter(), 0, [b!, a!], []))).toBe('malformed');
    expect(read(stateBody(new ByteWriter(), 0, [a!, a!], []))).toBe('malformed');
    expect(read(stateBody(new ByteWriter(), 0, [a!], [a!]))).toBe('malformed');
    expect(read(stateBody(new ByteWriter(), 2, [a!], []))).toBe('malformed');
    expect(read(new ByteWriter().u8(0).u8(65).finish())).toBe('malformed');
    expect(code(() => meetingState(false, [alice.id], [alice.id]))).toBe('malformed');
    expect(code(() => meetingState(false, ['not hex'], []))).toBe('malformed');
  });

  it('display names: trimmed, 1..64 characters, UTF-8, no control characters', () => {
    const knock = (bytes: number[]) => code(() => decodeAdmissionMessage(Uint8Array.of(ADMISSION_KIND_CODES.knock, ...bytes)));
    expect(decodeAdmissionMessage(Uint8Array.of(ADMISSION_KIND_CODES.knock, 32, 66, 32))).toEqual({ kind: 'knock', displayName: 'B' });
    expect(knock([])).toBe('malformed');
    expect(knock([32, 32])).toBe('malformed');
    expect(knock([0xc3, 0x28])).toBe('malformed');
    expect(knock([66, 7, 66])).toBe('malformed');
    expect(knock(Array(65).fill(66))).toBe('malformed');
    expect(knock(Array(64).fill(66))).toBe('no error');
  });
});

describe('admission record (§14.9)', () => {
  it('round trips, and refuses another version and trailing bytes', async () => {
    const s = createAdmission({ roomId, hostKeyId: new Uint8Array(16), self: bob.peer, displayName: 'Bob', isRoot: false, epoch: 0, lobbyEnabled: true });
    const withState = { ...s, status: 'admitted' as const, bypass: [carla.id], knowledge: { epoch: common.epoch, rootKey: alice.key, rootId: alice.id, path: [aToB], latest: stateMessage } };
    const bytes = encodeAdmissionRecord(withState);
    const r = decodeAdmissionRecord(bytes);
    expect(r).toMatchObject({ displayName: 'Bob', isRoot: false, lobbyEnabled: true, epoch: common.epoch, bypass: [carla.id] });
    expect(r.latest && encodeAdmissionMessage(r.latest)).toEqual(encodeAdmissionMessage(stateMessage));
    const v2 = bytes.slice();
    v2[0] = 2;
    expect(code(() => decodeAdmissionRecord(v2))).toBe('unsupported-version');
    expect(code(() => decodeAdmissionRecord(new Uint8Array([...bytes, 0])))).toBe('malformed');
    expect(code(() => encodeAdmissionRecord(s))).toBe('invalid-state');
  });

  it('keeps the longest display name a knock allows (64 characters of 4 UTF-8 bytes each)', () => {
    const name = '😀'.repeat(64);
    const s = createAdmission({ roomId, hostKeyId: new Uint8Array(16), self: bob.peer, displayName: name, isRoot: false, epoch: 0, lobbyEnabled: true });
    const bytes = encodeAdmissionRecord({ ...s, knowledge: { epoch: 1, rootKey: alice.key, rootId: alice.id, path: [], latest: stateMessage } });
    expect(decodeAdmissionRecord(bytes).displayName).toBe(name);
    expect(code(() => createAdmission({ roomId, hostKeyId: new Uint8Array(16), self: bob.peer, displayName: ' ', isRoot: false, epoch: 0, lobbyEnabled: true }))).toBe('malformed');
  });
});

describe('admission decoders under fuzzing', () => {
  it('throw only ProtocolError on random and mutated input', () => {
    let seed = 0x5eed_2026;
    const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0), seed / 2 ** 32);
    const int = (n: number) => Math.floor(next() * n);
    const samples = messages.map(encodeAdmissionMessage);
    const record = encodeAdmissionRecord({ ...createAdmission({ roomId, hostKeyId: new Uint8Array(16), self: bob.peer, displayName: 'Bob', isRoot: false, epoch: 0, lobbyEnabled: true }), knowledge: { epoch: 1, rootKey: alice.key, rootId: alice.id, path: [], latest: stateMessage } });
    let decoded = 0;
    for (let i = 0; i < 6000; i++) {
      const base = i % 2 === 0 ? Uint8Array.from({ length: int(600) }, () => int(256)) : [...samples, record][int(samples.length + 1)]!.slice();
      if (i % 2 === 1) for (let k = 0; k < 1 + int(3); k++) base[int(base.length)] = int(256);
      if (i % 7 === 0 && base.length > 0) base[0] = 16 + int(4);
      for (const decode of [decodeAdmissionMessage, decodeAdmissionRecord]) {
        try {
          decode(base);
          decoded++;
        } catch (error) {
          if (!(error instanceof ProtocolError)) throw error;
        }
      }
    }
    expect(decoded).toBeGreaterThan(0);
  });
});
