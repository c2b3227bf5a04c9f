import { describe, expect, it } from 'vitest';
import { nobleProvider as provider } from '../../../protocol/crypto/noble-provider';
import { ProtocolError } from '../../../protocol/errors';
import { signingInput } from '../../../protocol/ipc-contract';
import { decodeAdmission, decodeHostStatement, encodeAdmission, encodeHostStatement, signStatement, verifyStatement } from './access-control';
import type { AdmissionMessage, Statement } from './access-control';

const roomId = new Uint8Array(32).fill(7);
const subject = new Uint8Array(32).fill(9);
const hostSeed = new Uint8Array(32).fill(3);
// What main does for the 'admission' purpose (main/identity): sign context || payload.
const hostSign = (payload: Uint8Array) => provider.ed25519Sign(hostSeed, signingInput('admission', payload));
const statement: Statement = { kind: 'admit', roomId, issuedAt: 1_764_000_000_123, subject };

describe('access control messages', () => {
  it('round-trips every admission message', async () => {
    const signed = await signStatement(hostSign, statement);
    const messages: AdmissionMessage[] = [
      { kind: 'knock', displayName: 'Ada Lovelace' },
      { kind: 'welcome', isHost: true, displayName: 'Grace' },
      { kind: 'admit', signed, roster: [subject, roomId] },
      { kind: 'proof', signed },
      { kind: 'deny', reason: 'locked' },
    ];
    for (const message of messages) {
      expect(decodeAdmission(encodeAdmission(message))).toEqual(message);
    }
    expect(decodeHostStatement(encodeHostStatement(signed))).toEqual(signed);
  });

  it('accepts a host statement only with the host signature and the right room', async () => {
    const hostKey = await provider.ed25519PublicKey(hostSeed);
    const signed = await signStatement(hostSign, statement);
    expect(await verifyStatement(provider, hostKey, roomId, signed)).toBe(true);
    expect(await verifyStatement(provider, hostKey, new Uint8Array(32), signed)).toBe(false);
    const otherKey = await provider.ed25519PublicKey(new Uint8Array(32).fill(4));
    expect(await verifyStatement(provider, otherKey, roomId, signed)).toBe(false);
    const wire = encodeHostStatement(signed);
    wire[50]! ^= 1; // a bit of the subject key
    expect(await verifyStatement(provider, hostKey, roomId, decodeHostStatement(wire))).toBe(false);
  });

  it('rejects malformed bodies with ProtocolError only', () => {
    const bad = [new Uint8Array(), new Uint8Array([9]), new Uint8Array([1]), new Uint8Array([1, 0xff, 0xfe]), new Uint8Array([2, 2, 65]), new Uint8Array([5, 3]), new Uint8Array([4, 1, 2])];
    for (const bytes of bad) expect(() => decodeAdmission(bytes)).toThrow(ProtocolError);
    expect(() => decodeAdmission(encodeAdmission({ kind: 'knock', displayName: 'x'.repeat(65) }))).toThrow(ProtocolError);
    for (let i = 0; i < 2000; i++) {
      const random = provider.randomBytes(i % 200);
      try {
        decodeAdmission(random);
        decodeHostStatement(random);
      } catch (error) {
        expect(error).toBeInstanceOf(ProtocolError);
      }
    }
  });
});
