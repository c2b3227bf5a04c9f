// Property tests of the admission machine (PROTOCOL.md §14.12): a meeting's honest history
// (admissions, removals, a lock, two hand-overs, a re-admission) and a pool of forged and
// replayed statements are delivered to fresh receivers as random subsets, in random orders,
// with duplicates. Checked for every run:
//   convergence — two receivers given the same set, in different orders, end in the same
//     projection (status, epoch, host, seq, admitted, removed, lock);
//   safety — after every single delivery, a receiver's meeting state is the honest one of its
//     seq; never anyone the host did not admit, never anyone removed since. The one exception is
//     what no receiver can detect (§14.11): a former host's statement, to a receiver that has not
//     yet learned that host's hand-over. The property checks exactly that boundary.
// Real Ed25519 throughout; each message is checked once and the facts reused across runs.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { nobleProvider } from '../crypto/noble-provider';
import { checkAdmissionMessage } from './check';
import type { Checked } from './check';
import { admissionStep, projection } from './machine';
import type { AdmissionEvent, AdmissionState, Peer, Projection } from './machine';
import type { DenyMessage, HandOverLink, StateMessage } from './messages';
import { encodeMeetingState, meetingState, stateDigest } from './statement';
import type { MeetingState, Statement } from './statement';
import { TestMeeting, signAs, testPerson } from './test-meeting';
import type { TestPerson } from './test-meeting';

type Message = Checked<StateMessage> | Checked<DenyMessage>;
interface Delivery {
  label: string;
  from: Peer;
  message: Message;
  /** Honest: the seq of the history it is. Forged: who forged it, if a former host (undetectable until its hand-over is known). */
  honestSeq?: number;
  formerHost?: TestPerson;
}

interface World {
  m: TestMeeting;
  people: Record<'alice' | 'bob' | 'olga' | 'carla' | 'dan' | 'mallory' | 'nina', TestPerson>;
  /** The honest meeting state and host after each seq. */
  truth: Map<number, { state: MeetingState; host: string }>;
  /** The hand-over that ended each former host's tenure. */
  handOvers: Map<string, HandOverLink>;
  memberPool: Delivery[];
  knockerPool: Delivery[];
  olgaStart: AdmissionState;
  ninaStart: AdmissionState;
}

let world: World;


async function stateMessage(by: TestPerson, links: HandOverLink[], fields: Omit<Extract<Statement, { kind: 'view' }>, 'kind' | 'stateDigest' | 'signer'>, ms: MeetingState): Promise<StateMessage> {
  const digest = stateDigest(encodeMeetingState(ms));
  const final = await signAs(by, { ...fields, kind: 'view', signer: by.key, stateDigest: digest });
  return { kind: 'state', links, final, state: ms };
}

async function buildWorld(): Promise<World> {
  const names = ['alice', 'bob', 'olga', 'carla', 'dan', 'mallory', 'nina'] as const;
  const people = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await testPerson(n)] as const))) as World['people'];
  const { alice, bob, olga, carla, dan, mallory, nina } = people;
  const m = await TestMeeting.create(alice);
  for (const p of [alice, bob, olga, carla, dan, nina]) m.add(p);
  for (const p of [bob, olga, carla, dan, nina]) await m.knock(p.name, 'alice');
  for (const [a, b] of [['bob', 'olga'], ['bob', 'carla'], ['bob', 'dan'], ['olga', 'carla'], ['olga', 'dan'], ['carla', 'dan'], ['nina', 'bob'], ['nina', 'carla']] as const) await m.connect(a, b);
  await m.flush();
  const history: StateMessage[] = [];
  const truth: World['truth'] = new Map();
  const handOvers: World['handOvers'] = new Map();
  const step = async (host: TestPerson, action: Parameters<TestMeeting['act']>[1]) => {
    await m.act(host.name, action);
    await m.flush((d) => d.to !== 'nina' || d.message.kind !== 'state');
    const latest = m.state(host.name).knowledge!.latest!;
    history.push(latest);
    const hostNow = action.kind === 'hand-over' ? action.to.id : host.id;
    truth.set(latest.final.statement.seq, { state: latest.state, host: hostNow });
    if (latest.final.statement.kind === 'hand-over') handOvers.set(host.id, latest.final as HandOverLink);
  };
  await step(alice, { kind: 'admit', ids: [bob.id, olga.id] }); // 1
  const olgaStart = m.state('olga');
  await step(alice, { kind: 'admit', ids: [carla.id] }); // 2
  await step(alice, { kind: 'remove', id: carla.id }); // 3
  await step(alice, { kind: 'admit', ids: [dan.id] }); // 4
  await step(alice, { kind: 'lock', locked: true }); // 5
  await step(alice, { kind: 'hand-over', to: bob.peer }); // 6
  await step(bob, { kind: 'lock', locked: false }); // 7
  await step(bob, { kind: 'admit', ids: [carla.id] }); // 8
  await step(bob, { kind: 'remove', id: dan.id }); // 9
  await step(bob, { kind: 'hand-over', to: carla.peer }); // 10
  await step(carla, { kind: 'lock', locked: true }); // 11
  const ninaStart = m.state('nina');
  expect(ninaStart.status).toBe('knocking');

  const epoch = history[0]!.final.statement.epoch;
  const { roomId } = m;
  const at = (seq: number) => history[seq - 1]!;
  const s11 = at(11).state;
  const withMallory = meetingState(s11.locked, [...s11.admitted, mallory.id], s11.removed);
  const aToB = handOvers.get(alice.id)!;
  const bToC = handOvers.get(bob.id)!;
  const check = <M extends StateMessage | DenyMessage>(message: M) => checkAdmissionMessage(nobleProvider, m.hostKeyId, message);
  const honest = await Promise.all(history.map(async (message, i) => ({ label: `honest ${i + 1}`, from: [alice, bob, carla][i < 6 ? 0 : i < 10 ? 1 : 2]!.peer, message: await check(message), honestSeq: i + 1 })));
  const forgedFields = { roomId, epoch, issuedAt: m.clock };
  const bobSelf = await signAs(bob, { ...forgedFields, kind: 'hand-over', seq: 7, signer: bob.key, successor: bob.key, stateDigest: at(6).final.statement.stateDigest });
  const bobBackToAlice = await signAs(bob, { ...forgedFields, kind: 'hand-over', seq: 7, signer: bob.key, successor: alice.key, stateDigest: at(6).final.statement.stateDigest });
  const aliceAgain = await signAs(alice, { ...forgedFields, kind: 'hand-over', seq: 8, signer: alice.key, successor: mallory.key, stateDigest: stateDigest(encodeMeetingState(withMallory)) });
  const aliceFork = await signAs(alice, { ...forgedFields, kind: 'hand-over', seq: 6, signer: alice.key, successor: dan.key, stateDigest: at(5).final.statement.stateDigest });
  const equivocation = async (locked: boolean) => stateMessage(carla, [aToB, bToC], { ...forgedFields, seq: 12, issuedAt: m.clock + (locked ? 1 : 2) }, meetingState(locked, s11.admitted, s11.removed));
  const forged: Delivery[] = [
    { label: 'mallory admits herself', from: mallory.peer, message: await check(await stateMessage(mallory, [], { ...forgedFields, seq: 20 }, withMallory)) },
    { label: 'the host signature over another roster', from: mallory.peer, message: await check({ ...at(11), state: withMallory }) },
    { label: 'a bad signature', from: bob.peer, message: await check({ ...at(9), final: { ...at(9).final, signature: at(9).final.signature.map((b, i) => (i === 5 ? b ^ 4 : b)) } }) },
    { label: 'another room', from: alice.peer, message: await check(await stateMessage(alice, [], { ...forgedFields, roomId: new Uint8Array(32).fill(9), seq: 3 }, withMallory)) },
    { label: 'an older meeting', from: alice.peer, message: await check(await stateMessage(alice, [], { ...forgedFields, epoch: epoch - 5, seq: 30 }, withMallory)) },
    { label: 'mallory opens a newer meeting', from: mallory.peer, message: await check(await stateMessage(mallory, [], { ...forgedFields, epoch: epoch + 5, seq: 1 }, withMallory)) },
    { label: 'former host alice signs after her hand-over', from: alice.peer, formerHost: alice, message: await check(await stateMessage(alice, [], { ...forgedFields, seq: 12 }, withMallory)) },
    { label: 'former host alice backdates into her tenure', from: alice.peer, formerHost: alice, message: await check(await stateMessage(alice, [], { ...forgedFields, seq: 5 }, meetingState(false, [...at(4).state.admitted, mallory.id], at(4).state.removed))) },
    { label: 'former host alice forks: a second hand-over', from: alice.peer, formerHost: alice, message: await check({ kind: 'state', links: [], final: aliceFork, state: at(5).state } as StateMessage) },
    { label: 'former host bob signs after his hand-over', from: bob.peer, formerHost: bob, message: await check(await stateMessage(bob, [aToB], { ...forgedFields, seq: 12 }, withMallory)) },
    { label: 'self hand-overs [A->B, B->B]', from: bob.peer, message: await check({ kind: 'state', links: [aToB], final: bobSelf, state: at(6).state } as StateMessage) },
    { label: 'a repeated signer [A->B, B->A, A->M]', from: alice.peer, message: await check({ kind: 'state', links: [aToB, bobBackToAlice as HandOverLink], final: aliceAgain, state: withMallory } as StateMessage) },
    // Replays of genuine states: they count where they are news, and are stale everywhere else.
    { label: 'removed carla shows her old proof', from: carla.peer, honestSeq: 2, message: await check(at(2)) },
    { label: 'dan, removed, shows the state that admitted him', from: dan.peer, honestSeq: 4, message: await check(at(4)) },
    { label: 'the host equivocates at seq 12 (a)', from: carla.peer, message: await check(await equivocation(true)) },
    { label: 'the host equivocates at seq 12 (b)', from: carla.peer, message: await check(await equivocation(false)) },
  ];
  // What a newcomer (Nina) may receive: the host's admission and deny, former hosts' answers.
  const ninaIn = meetingState(true, [...s11.admitted, nina.id], s11.removed);
  const deny = (by: TestPerson, links: HandOverLink[], seq: number) => signAs(by, { ...forgedFields, kind: 'deny', seq, signer: by.key, subject: nina.id, reason: 'denied' }).then((final) => ({ kind: 'deny', links, final }) as DenyMessage);
  const knockerPool: Delivery[] = [
    { label: 'carla admits nina', from: carla.peer, honestSeq: 12, message: await check(await stateMessage(carla, [aToB, bToC], { ...forgedFields, seq: 12 }, ninaIn)) },
    { label: 'carla denies nina', from: carla.peer, honestSeq: 11, message: await check(await deny(carla, [aToB, bToC], 11)) },
    { label: 'olga forwards her state (not about nina)', from: olga.peer, message: await check(at(11)) },
    { label: 'former host alice admits nina', from: alice.peer, formerHost: alice, message: await check(await stateMessage(alice, [], { ...forgedFields, seq: 12 }, ninaIn)) },
    { label: 'former host bob admits nina', from: bob.peer, formerHost: bob, message: await check(await stateMessage(bob, [aToB], { ...forgedFields, seq: 11 }, ninaIn)) },
    { label: 'former host bob denies nina', from: bob.peer, formerHost: bob, message: await check(await deny(bob, [aToB], 9)) },
    { label: 'former host alice denies nina', from: alice.peer, formerHost: alice, message: await check(await deny(alice, [], 3)) },
    { label: 'mallory admits nina', from: mallory.peer, message: await check(await stateMessage(mallory, [], { ...forgedFields, seq: 13 }, meetingState(false, [mallory.id, nina.id], []))) },
    { label: 'mallory denies nina', from: mallory.peer, message: await check(await deny(mallory, [], 1)) },
  ];
  return { m, people, truth, handOvers, memberPool: [...honest, ...forged], knockerPool, olgaStart, ninaStart };
}

function deliver(state: AdmissionState, d: Delivery): AdmissionState {
  const event: AdmissionEvent = d.message.kind === 'state' ? { type: 'state', from: d.from, message: d.message, now: 0 } : { type: 'deny', from: d.from, message: d.message };
  return admissionStep(state, event).state;
}

/** The safety property after one delivery (see the header). */
function expectSafe(s: AdmissionState, pool: readonly Delivery[], label: string): void {
  const p = projection(s);
  if (p.status === 'disputed') return expect(p.host, label).toBeNull();
  const latest = s.knowledge?.latest;
  const { mallory } = world.people;
  if (!latest) return expect(p.admitted, label).toEqual(s.self.isRoot ? [s.self.id] : []);
  const source = pool.find((d) => d.message.kind === 'state' && d.message.final.bytes.every((b, i) => b === latest.final.bytes[i]) && d.message.final.bytes.length === latest.final.bytes.length);
  expect(source, `${label}: holds a state that is in no pool`).toBeDefined();
  if (source!.honestSeq !== undefined) {
    const truth = world.truth.get(source!.honestSeq);
    if (truth) expect({ admitted: p.admitted, removed: p.removed, locked: p.locked, host: p.host }, `${label}: ${source!.label}`).toEqual({ admitted: truth.state.admitted, removed: truth.state.removed, locked: truth.state.locked, host: truth.host });
    expect(p.admitted.includes(mallory.id), label).toBe(false);
    return;
  }
  if (source!.label.startsWith('the host equivocates')) {
    expect(p.admitted, label).toEqual(world.truth.get(11)!.state.admitted);
    return;
  }
  // Anything else it holds is a former host's forgery, and only while that host's hand-over is unknown to it.
  const former = source!.formerHost;
  expect(former, `${label}: accepted ${source!.label}`).toBeDefined();
  const handOver = world.handOvers.get(former!.id)!;
  expect(s.knowledge!.path.some((link) => link.bytes.every((b, i) => b === handOver.bytes[i])), `${label}: accepted ${source!.label} knowing the hand-over`).toBe(false);
}

/** A delivery order: the set in a random order, with some deliveries repeated. */
const orderOf = (set: number[], keys: number[], repeats: number[]): number[] => {
  const order = set.map((index, i) => ({ index, key: keys[i % keys.length]! + i / 1000 })).sort((a, b) => a.key - b.key).map((x) => x.index);
  for (const r of repeats) if (set.length > 0) order.splice(r % (order.length + 1), 0, set[r % set.length]!);
  return order;
};

function run(start: AdmissionState, pool: readonly Delivery[], order: number[]): { state: AdmissionState; projection: Projection } {
  let s = start;
  for (const [i, index] of order.entries()) {
    s = deliver(s, pool[index]!);
    expectSafe(s, pool, `delivery ${i} (${pool[index]!.label})`);
  }
  return { state: s, projection: projection(s) };
}

const deliveryArbitrary = (poolSize: number) =>
  fc.record({
    set: fc.subarray([...Array(poolSize).keys()]),
    keysA: fc.array(fc.integer(), { minLength: poolSize, maxLength: poolSize }),
    keysB: fc.array(fc.integer(), { minLength: poolSize, maxLength: poolSize }),
    repeatsA: fc.array(fc.nat(), { maxLength: 6 }),
    repeatsB: fc.array(fc.nat(), { maxLength: 6 }),
  });

describe('admission machine properties (§14.12)', () => {
  beforeAll(async () => {
    world = await buildWorld();
  }, 60_000);

  it('the honest history alone, in order, gives every member the honest state', () => {
    const all = world.memberPool.filter((d) => d.honestSeq !== undefined).map((_, i) => i);
    const { projection: p } = run(world.olgaStart, world.memberPool, all);
    expect(p).toMatchObject({ status: 'admitted', seq: 11, host: world.people.carla.id, locked: true, admitted: world.truth.get(11)!.state.admitted, removed: [world.people.dan.id] });
  });

  it('members: any subset, any order, duplicates: safe after every delivery, and the same set gives the same conclusion', () => {
    fc.assert(
      fc.property(deliveryArbitrary(world.memberPool.length), ({ set, keysA, keysB, repeatsA, repeatsB }) => {
        const a = run(world.olgaStart, world.memberPool, orderOf(set, keysA, repeatsA));
        const b = run(world.olgaStart, world.memberPool, orderOf(set, keysB, repeatsB));
        expect(b.projection).toEqual(a.projection);
      }),
      { numRuns: 400 },
    );
  });

  it('newcomers: any subset, any order, duplicates: safe after every delivery, and the same set gives the same conclusion', () => {
    const pool = world.knockerPool;
    fc.assert(
      fc.property(deliveryArbitrary(pool.length), ({ set, keysA, keysB, repeatsA, repeatsB }) => {
        const a = run(world.ninaStart, pool, orderOf(set, keysA, repeatsA));
        const b = run(world.ninaStart, pool, orderOf(set, keysB, repeatsB));
        expect(b.projection).toEqual(a.projection);
        expect(b.state.denial?.final.bytes ?? null).toEqual(a.state.denial?.final.bytes ?? null);
        // Nina is admitted only by the host's word or a former host's undetected one; denied only so too.
        const status = a.projection.status;
        if (status === 'denied') {
          const denial = a.state.denial!;
          const source = pool.find((d) => d.message.kind === 'deny' && d.message.final.bytes.every((x, i) => x === denial.final.bytes[i]))!;
          expect(source.honestSeq !== undefined || source.formerHost !== undefined, source.label).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('the forgeries that are never accepted are refused whatever comes before them', () => {
    const neverAccepted = world.memberPool.filter((d) => d.honestSeq === undefined && !d.formerHost && !d.label.startsWith('the host equivocates'));
    fc.assert(
      fc.property(fc.subarray(world.memberPool.map((_, i) => i)), fc.constantFrom(...neverAccepted), (prefix, forged) => {
        const before = run(world.olgaStart, world.memberPool, prefix).state;
        const after = deliver(before, forged);
        expect(after.knowledge?.latest ?? null).toEqual(before.knowledge?.latest ?? null);
      }),
      { numRuns: 200 },
    );
  });
});
