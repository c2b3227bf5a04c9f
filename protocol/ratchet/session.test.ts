import { x25519 } from '@noble/curves/ed25519.js';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { nobleProvider as p } from '../crypto/noble-provider';
import { ProtocolError } from '../errors';
import { decodeRatchetMessage, encodeHeader, encodeRatchetMessage } from '../wire/ratchet-message';
import { RatchetSession } from './session';
import { deserializeState, MAX_SKIP, MAX_STORED_SKIPPED_KEYS } from './state';

const text = (s: string) => new TextEncoder().encode(s);
const read = (b: Uint8Array) => new TextDecoder().decode(b);

/** Two sessions as the handshake leaves them (§5.5), from a random SK, after the first message. */
async function sessionPair(): Promise<{ alice: RatchetSession; bob: RatchetSession }> {
  const sharedSecret = p.randomBytes(32);
  const associatedData = p.randomBytes(96);
  const spkPrivate = x25519.utils.randomSecretKey();
  const alice = await RatchetSession.initAsInitiator(p, { sharedSecret, remoteRatchetKey: x25519.getPublicKey(spkPrivate), associatedData });
  const first = await alice.encrypt(text('hello'));
  const remoteRatchetKey = decodeRatchetMessage(first).header.dh;
  const bob = await RatchetSession.initAsResponder(p, {
    sharedSecret,
    remoteRatchetKey,
    prekeyDhOutput: x25519.getSharedSecret(spkPrivate, remoteRatchetKey),
    associatedData,
  });
  expect(read(await bob.decrypt(first))).toBe('hello');
  return { alice, bob };
}

async function rejection(promise: Promise<unknown>): Promise<ProtocolError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ProtocolError);
    return error as ProtocolError;
  }
  throw new Error('expected a ProtocolError');
}

const restore = async (s: RatchetSession) => RatchetSession.restore(p, await s.serialize());

type Side = 'a' | 'b';
type Action =
  | { kind: 'send'; from: Side }
  | { kind: 'deliver'; to: Side; pick: number }
  | { kind: 'drop'; to: Side; pick: number }
  | { kind: 'replay'; to: Side; pick: number }
  | { kind: 'restore'; side: Side };

const side = fc.constantFrom<Side>('a', 'b');
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 4, arbitrary: side.map((from) => ({ kind: 'send' as const, from })) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('deliver' as const), to: side, pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('drop' as const), to: side, pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('replay' as const), to: side, pick: fc.nat() }) },
  { weight: 1, arbitrary: side.map((s) => ({ kind: 'restore' as const, side: s })) },
);

describe('Double Ratchet session (§6)', () => {
  it('any delivery order, loss, replay and save/restore: every delivered message decrypts exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 10, maxLength: 40 }), fc.array(fc.nat(), { maxLength: 40 }), async (actions, finalOrder) => {
        const sessions = await sessionPair();
        const session = { a: sessions.alice, b: sessions.bob };
        const pending: Record<Side, { bytes: Uint8Array; body: string }[]> = { a: [], b: [] };
        const delivered: Record<Side, Uint8Array[]> = { a: [], b: [] };
        let counter = 0;
        const deliver = async (to: Side, pick: number) => {
          const queue = pending[to];
          if (queue.length === 0) return;
          const [message] = queue.splice(pick % queue.length, 1);
          expect(read(await session[to].decrypt(message!.bytes))).toBe(message!.body);
          delivered[to].push(message!.bytes);
        };
        for (const step of actions) {
          if (step.kind === 'send') {
            const body = `${step.from}-${counter++}`;
            pending[step.from === 'a' ? 'b' : 'a'].push({ bytes: await session[step.from].encrypt(text(body)), body });
          } else if (step.kind === 'deliver') {
            await deliver(step.to, step.pick);
          } else if (step.kind === 'drop') {
            pending[step.to].splice(step.pick % Math.max(pending[step.to].length, 1), 1);
          } else if (step.kind === 'replay') {
            const old = delivered[step.to];
            if (old.length > 0) expect((await rejection(session[step.to].decrypt(old[step.pick % old.length]!))).code).toBe('replay');
          } else {
            session[step.side] = await restore(session[step.side]);
          }
        }
        for (const pick of finalOrder) await deliver(pick % 2 === 0 ? 'a' : 'b', pick >> 1);
        for (const to of ['a', 'b'] as const) while (pending[to].length > 0) await deliver(to, 0);
        for (const to of ['a', 'b'] as const) {
          for (const old of delivered[to]) expect((await rejection(session[to].decrypt(old))).code).toBe('replay');
        }
      }),
      { numRuns: 40 },
    );
  });

  describe('on one long-lived pair', () => {
    let alice: RatchetSession;
    let bob: RatchetSession;
    beforeAll(async () => {
      ({ alice, bob } = await sessionPair());
    });

    it('rejects any flipped bit in any message, and the session carries on unharmed', async () => {
      await fc.assert(
        fc.asyncProperty(fc.boolean(), fc.nat(), fc.string(), async (fromAlice, bit, body) => {
          const [sender, receiver] = fromAlice ? [alice, bob] : [bob, alice];
          const message = await sender.encrypt(text(body));
          const tampered = message.slice();
          tampered[(bit >> 3) % tampered.length]! ^= 1 << (bit & 7);
          await rejection(receiver.decrypt(tampered));
          expect(read(await receiver.decrypt(message))).toBe(body);
        }),
        { numRuns: 150 },
      );
    });

    it('a forged message with a new ratchet key does not disturb the state', async () => {
      const message = await alice.encrypt(text('real'));
      const forgedHeader = encodeHeader({ dh: x25519.getPublicKey(x25519.utils.randomSecretKey()), pn: 3, n: 2 });
      const forged = encodeRatchetMessage(forgedHeader, decodeRatchetMessage(message).ciphertext);
      expect((await rejection(bob.decrypt(forged))).code).toBe('authentication-failed');
      expect(read(await bob.decrypt(message))).toBe('real');
    });

    it('runs concurrent calls one at a time, in call order', async () => {
      const messages = await Promise.all([1, 2, 3, 4].map((i) => alice.encrypt(text(`m${i}`))));
      const plaintexts = await Promise.all(messages.reverse().map((m) => bob.decrypt(m)));
      expect(plaintexts.map(read)).toEqual(['m4', 'm3', 'm2', 'm1']);
    });
  });

  it('skips at most MAX_SKIP keys in one chain and keeps a bounded store of skipped keys', async () => {
    const { alice, bob } = await sessionPair();
    const chain: Uint8Array[] = [];
    for (let i = 0; i < MAX_SKIP + 2; i++) chain.push(await alice.encrypt(text(`${i}`)));
    // Bob has received message 0 (the first); message MAX_SKIP + 2 would skip MAX_SKIP + 1 keys.
    expect((await rejection(bob.decrypt(chain[MAX_SKIP + 1]!))).code).toBe('too-many-skipped');
    expect(read(await bob.decrypt(chain[MAX_SKIP]!))).toBe(`${MAX_SKIP}`);
    expect(read(await bob.decrypt(chain[5]!))).toBe('5');

    // Two more chains with MAX_SKIP skipped keys each overflow the store; the oldest keys go first.
    for (let round = 0; round < 2; round++) {
      await alice.decrypt(await bob.encrypt(text('turn')));
      let last: Uint8Array = new Uint8Array();
      for (let i = 0; i <= MAX_SKIP; i++) last = await alice.encrypt(text('x'));
      await bob.decrypt(last);
    }
    expect(deserializeState(await bob.serialize()).skipped.size).toBe(MAX_STORED_SKIPPED_KEYS);
    expect((await rejection(bob.decrypt(chain[6]!))).code).toBe('replay');
  }, 30_000);

  it('a caller-given maxSkip bounds the chain steps a forged header costs before it fails (issue 16: cost)', async () => {
    const { alice, bob } = await sessionPair();
    let hmacs = 0;
    const counting = { ...p, hmac: (...args: Parameters<typeof p.hmac>) => (hmacs++, p.hmac(...args)) };
    const bobCounted = RatchetSession.restore(counting, await bob.serialize());
    const real = decodeRatchetMessage(await alice.encrypt(text('real')));
    // A header in Alice's current chain that claims message MAX_SKIP, with a garbage ciphertext.
    const forged = encodeRatchetMessage(encodeHeader({ ...real.header, n: MAX_SKIP }), new Uint8Array(32));
    expect((await rejection(bobCounted.decrypt(forged))).code).toBe('authentication-failed');
    expect(hmacs).toBeGreaterThanOrEqual(2 * MAX_SKIP); // the work an unbounded receiver does for nothing
    hmacs = 0;
    expect((await rejection(bobCounted.decrypt(forged, { maxSkip: 8 }))).code).toBe('too-many-skipped');
    expect(hmacs).toBe(0);
    // Within the bound the real message still decrypts; a bound above MAX_SKIP is MAX_SKIP.
    const skipping = [await alice.encrypt(text('1')), await alice.encrypt(text('2'))];
    expect(read(await bobCounted.decrypt(skipping[1]!, { maxSkip: 8 }))).toBe('2');
    expect(read(await bobCounted.decrypt(real, { maxSkip: 8 }))).toBe('real');
    const far = decodeRatchetMessage(await alice.encrypt(text('far')));
    const beyond = encodeRatchetMessage(encodeHeader({ ...far.header, n: far.header.n + MAX_SKIP + 1 }), far.ciphertext);
    expect((await rejection(bobCounted.decrypt(beyond, { maxSkip: 10 * MAX_SKIP }))).code).toBe('too-many-skipped');
  });

  it('forward secrecy: a stolen state opens neither past messages nor messages after the next DH step', async () => {
    const { alice, bob } = await sessionPair();
    const past = [await alice.encrypt(text('p1')), await alice.encrypt(text('p2'))];
    for (const m of past) await bob.decrypt(m);
    const stolen = await bob.serialize();
    for (const m of past) await rejection(RatchetSession.restore(p, stolen).decrypt(m));

    // Bob's next DH step: he replies, Alice ratchets and answers, Bob ratchets and replies again.
    const attacker = RatchetSession.restore(p, stolen);
    await alice.decrypt(await bob.encrypt(text('b1')));
    const a2 = await alice.encrypt(text('a2'));
    await bob.decrypt(a2);
    expect(read(await attacker.decrypt(a2))).toBe('a2'); // still encrypted to the key the attacker holds
    await alice.decrypt(await bob.encrypt(text('b2')));
    const a3 = await alice.encrypt(text('a3'));
    expect(read(await bob.decrypt(a3))).toBe('a3');
    expect((await rejection(attacker.decrypt(a3))).code).toBe('authentication-failed');
    expect((await rejection(RatchetSession.restore(p, stolen).decrypt(a3))).code).toBe('authentication-failed');
  });

  it('post-compromise recovery: once both sides have made a new DH step, a passive attacker holding a copy is locked out', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 3, maxLength: 3 }), async ([n1, n2, n3]) => {
        const { alice, bob } = await sessionPair();
        await bob.decrypt(await alice.encrypt(text('warm-up')));
        const attacker = await restore(alice); // the attacker steals Alice's whole state
        const exchange = async (count: number, from: RatchetSession, to: RatchetSession, eavesdrop: boolean) => {
          for (let i = 0; i < count; i++) {
            const m = await from.encrypt(text(`${i}`));
            await to.decrypt(m);
            if (eavesdrop) await attacker.decrypt(m); // Bob -> Alice traffic is readable right after the theft
          }
        };
        await exchange(n1!, bob, alice, true); // Alice ratchets to a key pair the attacker never sees
        await exchange(n2!, alice, bob, false); // Bob ratchets to it
        const recovered = await bob.encrypt(text('after recovery'));
        expect(read(await alice.decrypt(recovered))).toBe('after recovery');
        await rejection(attacker.decrypt(recovered));
        await exchange(n3!, bob, alice, false);
      }),
      { numRuns: 15 },
    );
  });

  it('a serialized-and-restored session continues in both directions, with its skipped keys', async () => {
    const { alice, bob } = await sessionPair();
    const early = await alice.encrypt(text('early'));
    await bob.decrypt(await alice.encrypt(text('later'))); // leaves a skipped key for `early`
    const bob2 = await restore(bob);
    const alice2 = await restore(alice);
    expect(read(await bob2.decrypt(early))).toBe('early');
    expect(read(await alice2.decrypt(await bob2.encrypt(text('reply'))))).toBe('reply');
    expect(read(await bob2.decrypt(await alice2.encrypt(text('again'))))).toBe('again');
  });

  it('restore() rejects anything that is not a serialized state', () => {
    expect(() => RatchetSession.restore(p, new Uint8Array([2]))).toThrow(expect.objectContaining({ code: 'unsupported-version' }));
    expect(() => RatchetSession.restore(p, new Uint8Array([1, 0, 1]))).toThrow(expect.objectContaining({ code: 'malformed' }));
  });
});
