import { describe, expect, it } from 'vitest';
import { nobleProvider as provider } from '../../../protocol/crypto/noble-provider';
import { ProtocolError } from '../../../protocol/errors';
import { signingInput } from '../../../protocol/ipc-contract';
import { MAX_CREDENTIAL_LENGTH, signOrganisationStatement } from '../../../protocol/organisation/statement';
import { hostKeyId } from '../../../protocol/room/host-key-id';
import { decodeAdmission, decodeHostStatement, encodeAdmission, encodeHostStatement, signStatement, verifySuccession, verifyStatement } from './access-control';
import type { AdmissionMessage, Statement, SuccessionLink } from './access-control';

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
      { kind: 'succession', links: [{ signer: subject, signed }, { signer: roomId, signed }] },
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

  it('follows a succession of hand-overs from the invite\'s host, and nothing else', async () => {
    const seeds = [3, 4, 5].map((n) => new Uint8Array(32).fill(n));
    const [alice, bob, carla] = await Promise.all(seeds.map((seed) => provider.ed25519PublicKey(seed)));
    const signBy = (seed: Uint8Array) => (payload: Uint8Array) => provider.ed25519Sign(seed, signingInput('admission', payload));
    const handOver = async (seed: Uint8Array, signer: Uint8Array, to: Uint8Array, kind: Statement['kind'] = 'hand-over'): Promise<SuccessionLink> => ({
      signer,
      signed: await signStatement(signBy(seed), { kind, roomId, issuedAt: 1_764_000_000_000, subject: to }),
    });
    const inviteHost = await hostKeyId(provider, alice!);
    const aliceToBob = await handOver(seeds[0]!, alice!, bob!);
    const bobToCarla = await handOver(seeds[1]!, bob!, carla!);
    expect(await verifySuccession(provider, inviteHost, roomId, [aliceToBob, bobToCarla])).toEqual(carla);
    expect(await verifySuccession(provider, inviteHost, roomId, [aliceToBob])).toEqual(bob);
    // Not from the invite's host, a gap, a forged signer, another kind, another room, nothing.
    expect(await verifySuccession(provider, inviteHost, roomId, [bobToCarla])).toBeNull();
    expect(await verifySuccession(provider, inviteHost, roomId, [aliceToBob, aliceToBob])).toBeNull();
    expect(await verifySuccession(provider, inviteHost, roomId, [{ signer: alice!, signed: bobToCarla.signed }])).toBeNull();
    expect(await verifySuccession(provider, inviteHost, roomId, [await handOver(seeds[0]!, alice!, bob!, 'admit')])).toBeNull();
    expect(await verifySuccession(provider, inviteHost, new Uint8Array(32), [aliceToBob])).toBeNull();
    expect(await verifySuccession(provider, inviteHost, roomId, [])).toBeNull();
    expect(await verifySuccession(provider, inviteHost, roomId, [{ signer: new Uint8Array(32), signed: aliceToBob.signed }])).toBeNull();
  });

  it('carries an organisation statement (kind 7) only if it decodes strictly and within its bound', () => {
    const credential = signOrganisationStatement(new Uint8Array(32).fill(5), { organisationName: 'Example GmbH', employeeName: 'Ada Lovelace', identityKey: subject, issuedAt: 1, expiresAt: 2 });
    const message: AdmissionMessage = { kind: 'organisation', credential };
    expect(decodeAdmission(encodeAdmission(message))).toEqual(message);
    for (const bad of [credential.slice(0, -1), Uint8Array.of(...credential, 0), new Uint8Array(MAX_CREDENTIAL_LENGTH + 1), new Uint8Array()]) {
      expect(() => decodeAdmission(Uint8Array.of(7, ...bad))).toThrow(ProtocolError);
    }
  });

  it('rejects malformed bodies with ProtocolError only', () => {
    const bad = [new Uint8Array(), new Uint8Array([9]), new Uint8Array([1]), new Uint8Array([1, 0xff, 0xfe]), new Uint8Array([2, 2, 65]), new Uint8Array([5, 3]), new Uint8Array([4, 1, 2]), new Uint8Array([6]), new Uint8Array([6, 1, 2])];
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
