import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from './errors';
import {
  compareScannableFingerprint, fingerprintHash, parleyFingerprintIdentity, safetyNumber, safetyNumberGroups, safetyNumberOfHashes,
  scannableFingerprint,
} from './safety-number';

// Known answers from Signal's libsignal, rust/protocol/src/fingerprint.rs (fingerprint_test_v1,
// fingerprint_test_v2; "testVectorsVersion1/2" in the Java library) and libsignal-protocol-c
// tests/test_fingerprint.c (same keys, ids, 5200 iterations and displayable string).
const ALICE = {
  stableId: utf8ToBytes('+14152222222'),
  publicKey: hexToBytes('0506863bc66d02b40d27b8d49ca7c09e9239236f9d7d25d6fcca5ce13c7064d868'),
};
const BOB = {
  stableId: utf8ToBytes('+14153333333'),
  publicKey: hexToBytes('05f781b6fb32fed9ba1cf2de978d4d5da28dc34046ae814402b5c0dbd96fda907b'),
};
const DISPLAYABLE = '300354477692869396892869876765458257569162576843440918079131';
const ALICE_SCANNABLE_V1 =
  '080112220a201e301a0353dce3dbe7684cb8336e85136cdc0ee96219494ada305d62a7bd61df1a220a20d62cbf73a11592015b6b9f1682ac306fea3aaf3885b84d12bca631e9d4fb3a4d';
const BOB_SCANNABLE_V1 =
  '080112220a20d62cbf73a11592015b6b9f1682ac306fea3aaf3885b84d12bca631e9d4fb3a4d1a220a201e301a0353dce3dbe7684cb8336e85136cdc0ee96219494ada305d62a7bd61df';
const ALICE_SCANNABLE_V2 = '0802' + ALICE_SCANNABLE_V1.slice(4);
const BOB_SCANNABLE_V2 = '0802' + BOB_SCANNABLE_V1.slice(4);

describe('safety number (Signal NumericFingerprint)', () => {
  it('matches libsignal for Alice and for Bob (5200 iterations)', () => {
    expect(safetyNumber(ALICE, BOB)).toBe(DISPLAYABLE);
    expect(safetyNumber(BOB, ALICE, 5200)).toBe(DISPLAYABLE);
  });

  it('changes with the key, the stable id and the iteration count', () => {
    const otherKey = { ...BOB, publicKey: Uint8Array.from(BOB.publicKey) };
    otherKey.publicKey[32]! ^= 1;
    expect(safetyNumber(ALICE, otherKey)).not.toBe(DISPLAYABLE);
    expect(safetyNumber(ALICE, { ...BOB, stableId: utf8ToBytes('+141512222222') })).not.toBe(DISPLAYABLE);
    expect(safetyNumber(ALICE, BOB, 1024)).not.toBe(DISPLAYABLE);
  });

  it('is the same number when each half is hashed on its own (one own hash reused for many peers)', () => {
    const alice = fingerprintHash(ALICE);
    expect(safetyNumberOfHashes(alice, fingerprintHash(BOB))).toBe(DISPLAYABLE);
    expect(safetyNumberOfHashes(fingerprintHash(BOB, 5200), alice)).toBe(DISPLAYABLE);
    expect(() => safetyNumberOfHashes(alice, new Uint8Array(29))).toThrow(ProtocolError);
    expect(() => fingerprintHash(ALICE, 1)).toThrow(ProtocolError);
    expect(() => fingerprintHash({ stableId: ALICE.stableId, publicKey: new Uint8Array(0) })).toThrow(ProtocolError);
  });

  it('formats 12 groups of 5 digits', () => {
    expect(safetyNumberGroups(DISPLAYABLE)).toEqual([
      '30035', '44776', '92869', '39689', '28698', '76765', '45825', '75691', '62576', '84344', '09180', '79131',
    ]);
    expect(() => safetyNumberGroups('123')).toThrow(ProtocolError);
  });

  it('refuses bad iteration counts and missing keys', () => {
    for (const n of [0, 1, 1.5, 1_000_001]) expect(() => safetyNumber(ALICE, BOB, n)).toThrow(ProtocolError);
    expect(() => safetyNumber(ALICE, { stableId: BOB.stableId, publicKey: new Uint8Array(0) })).toThrow(ProtocolError);
  });
});

describe('safety-number QR payload (Signal ScannableFingerprint)', () => {
  it('encodes the libsignal bytes for versions 1 and 2', () => {
    expect(bytesToHex(scannableFingerprint(ALICE, BOB, 5200, 1))).toBe(ALICE_SCANNABLE_V1);
    expect(bytesToHex(scannableFingerprint(BOB, ALICE, 5200, 1))).toBe(BOB_SCANNABLE_V1);
    expect(bytesToHex(scannableFingerprint(ALICE, BOB))).toBe(ALICE_SCANNABLE_V2);
    expect(bytesToHex(scannableFingerprint(BOB, ALICE))).toBe(BOB_SCANNABLE_V2);
  });

  it("accepts the peer's mirror image and nothing else", () => {
    const alice = hexToBytes(ALICE_SCANNABLE_V2);
    const bob = hexToBytes(BOB_SCANNABLE_V2);
    expect(compareScannableFingerprint(alice, bob)).toBe(true);
    expect(compareScannableFingerprint(bob, alice)).toBe(true);
    expect(compareScannableFingerprint(alice, alice)).toBe(false); // a replayed own code
    for (const index of [6, 37, 42, 73]) {
      const forged = Uint8Array.from(bob);
      forged[index]! ^= 1;
      expect(compareScannableFingerprint(alice, forged)).toBe(false);
    }
  });

  it('rejects other versions and malformed payloads with ProtocolError', () => {
    const alice = hexToBytes(ALICE_SCANNABLE_V2);
    expect(() => compareScannableFingerprint(alice, hexToBytes(BOB_SCANNABLE_V1))).toThrow(
      expect.objectContaining({ code: 'unsupported-version' }),
    );
    for (const bad of [new Uint8Array(0), alice.subarray(0, 73), new Uint8Array([...alice, 0]), utf8ToBytes('parley://join#x')]) {
      expect(() => compareScannableFingerprint(alice, bad)).toThrow(expect.objectContaining({ code: 'malformed' }));
    }
    const wrongTag = Uint8Array.from(alice);
    wrongTag[38] = 0x22;
    expect(() => compareScannableFingerprint(alice, wrongTag)).toThrow(ProtocolError);
  });
});

describe('parleyFingerprintIdentity', () => {
  // Independent of @noble: the birational map u = (1 + y) / (1 - y) mod p (RFC 7748 §4.1).
  const P = 2n ** 255n - 19n;
  function pow(b: bigint, e: bigint): bigint {
    let r = 1n;
    for (b %= P; e > 0n; e >>= 1n, b = (b * b) % P) if (e & 1n) r = (r * b) % P;
    return r;
  }
  function montgomeryU(edPublic: Uint8Array): string {
    let y = 0n;
    for (let i = 31; i >= 0; i--) y = (y << 8n) | BigInt(edPublic[i]!);
    y &= (1n << 255n) - 1n;
    let u = ((1n + y) * pow((1n - y + P) % P, P - 2n)) % P;
    const out = new Uint8Array(32);
    for (let i = 0; i < 32; i++, u >>= 8n) out[i] = Number(u & 0xffn);
    return bytesToHex(out);
  }

  it('hashes 0x05 || the Montgomery form and uses the same bytes as stable id', () => {
    // RFC 8032 §7.1 TEST 1 public key.
    const ed = hexToBytes('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
    const id = parleyFingerprintIdentity(ed);
    expect(bytesToHex(id.publicKey)).toBe('05' + montgomeryU(ed));
    expect(id.stableId).toEqual(id.publicKey);
  });

  it('gives two parties the same number and a different one after a key change', () => {
    const a = parleyFingerprintIdentity(ed25519.getPublicKey(new Uint8Array(32).fill(1)));
    const b = parleyFingerprintIdentity(ed25519.getPublicKey(new Uint8Array(32).fill(2)));
    const m = parleyFingerprintIdentity(ed25519.getPublicKey(new Uint8Array(32).fill(3)));
    expect(safetyNumber(a, b)).toBe(safetyNumber(b, a));
    expect(safetyNumber(a, m)).not.toBe(safetyNumber(b, a));
    expect(compareScannableFingerprint(scannableFingerprint(a, b), scannableFingerprint(b, a))).toBe(true);
    expect(compareScannableFingerprint(scannableFingerprint(a, m), scannableFingerprint(b, a))).toBe(false);
  });

  it('rejects keys that are not Ed25519 points', () => {
    expect(() => parleyFingerprintIdentity(new Uint8Array(31))).toThrow(expect.objectContaining({ code: 'invalid-key' }));
    // y = 2 is not on the curve (x^2 = (y^2-1)/(d y^2+1) has no square root for it).
    const notOnCurve = new Uint8Array(32);
    notOnCurve[0] = 2;
    expect(() => parleyFingerprintIdentity(notOnCurve)).toThrow(ProtocolError);
  });
});

describe('safety-number QR fuzz', () => {
  it('compareScannableFingerprint on 100,000 random and mutated payloads: a boolean or ProtocolError', () => {
    const ours = hexToBytes(ALICE_SCANNABLE_V2);
    const theirs = hexToBytes(BOB_SCANNABLE_V2);
    let state = 0x9e3779b9;
    const next = () => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return state >>> 0;
    };
    let matched = 0;
    for (let i = 0; i < 100_000; i++) {
      let input: Uint8Array;
      if (i % 2 === 0) {
        input = new Uint8Array(next() % 90).map(() => next() & 0xff);
      } else {
        input = Uint8Array.from(theirs);
        input[next() % input.length]! ^= 1 << (next() % 8);
        if (i % 5 === 1) input = input.subarray(0, next() % input.length);
      }
      try {
        if (compareScannableFingerprint(ours, input)) matched++;
      } catch (error) {
        if (!(error instanceof ProtocolError)) throw error;
      }
    }
    expect(matched).toBe(0); // every input differs from Bob's code in at least one bit
  });
});
