// The admission machine's rules (PROTOCOL.md §14), one behaviour per test, with real Ed25519
// signatures: honest flows, and each forged or misplaced statement the table says to drop.
import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { nobleProvider } from '../crypto/noble-provider';
import { checkAdmissionMessage } from './check';
import { MAX_QUEUED_ACTIONS, MAX_WAITING, admissionStep, createAdmission, isAdmitted, isHost, mayConnect, nextEpoch, projection } from './machine';
import type { AdmissionEffect, AdmissionState } from './machine';
import type { StateMessage } from './messages';
import { restoreAdmission } from './restore';
import { encodeMeetingState, meetingState, stateDigest } from './statement';
import { TestMeeting, signAs, testPerson } from './test-meeting';
import type { TestPerson } from './test-meeting';

const kinds = (effects: readonly { kind: string }[]) => effects.map((e) => e.kind);
const sendsTo = (meeting: TestMeeting, name: string) => meeting.wire.filter((d) => d.to === name);

/** Alice hosts (the invite's host); Bob knocks and is admitted. */
async function aliceAndBob() {
  const alice = await testPerson('alice');
  const bob = await testPerson('bob');
  const m = await TestMeeting.create(alice);
  m.add(alice);
  m.add(bob);
  await m.knock('bob', 'alice');
  return { m, alice, bob };
}

/** Alice hosts; Bob and Carla are in. */
async function threeInCall() {
  const { m, alice, bob } = await aliceAndBob();
  await m.flush();
  await m.act('alice', { kind: 'admit', ids: [bob.id] });
  await m.flush();
  const carla = await testPerson('carla');
  m.add(carla);
  await m.knock('carla', 'alice');
  await m.knock('carla', 'bob');
  await m.flush();
  await m.act('alice', { kind: 'admit', ids: [carla.id] });
  await m.flush();
  return { m, alice, bob, carla };
}

function lastStateOf(m: TestMeeting, name: string): StateMessage {
  const latest = m.state(name).knowledge?.latest;
  if (!latest) throw new Error(`${name} holds no state`);
  return latest;
}

describe('admission machine: the lobby (§14.6 host rules)', () => {
  it('a knock puts the stranger in the host lobby; admitting sends a signed state with the roster', async () => {
    const { m, bob } = await aliceAndBob();
    expect(m.party('alice').effects).toContainEqual({ kind: 'lobby', entries: [{ id: bob.id, removedEarlier: false }] });
    expect(m.state('bob').status).toBe('knocking');
    await m.flush();
    await m.act('alice', { kind: 'admit', ids: [bob.id] });
    const toBob = sendsTo(m, 'bob');
    expect(toBob.map((d) => d.message.kind)).toEqual(['state']);
    await m.flush();
    expect(m.state('bob').status).toBe('admitted');
    expect(projection(m.state('bob'))).toMatchObject({ admitted: [m.root.id, bob.id].sort(), removed: [], locked: false, host: m.root.id, seq: 1 });
    expect(m.party('bob').effects).toContainEqual({ kind: 'connectable', id: m.root.id });
    expect(m.party('alice').effects).toContainEqual({ kind: 'connectable', id: bob.id });
    // The host persisted its record before it sent the admission.
    expect(m.party('alice').records).toHaveLength(1);
  });

  it('with the lobby off, or for a bypassed contact, a knock is admitted at once', async () => {
    const alice = await testPerson('alice');
    const bob = await testPerson('bob');
    const carla = await testPerson('carla');
    const m = await TestMeeting.create(alice);
    m.add(alice, { lobbyEnabled: false });
    m.add(bob);
    await m.knock('bob', 'alice');
    await m.flush();
    expect(m.state('bob').status).toBe('admitted');
    // Lobby on again; a contact Alice rang still comes straight in.
    m.take('alice', await m.party('alice').driver.dispatch({ type: 'set-lobby', enabled: true, now: m.clock }));
    m.take('alice', await m.party('alice').driver.dispatch({ type: 'bypass-lobby', ids: [carla.id] }));
    m.add(carla);
    await m.knock('carla', 'alice');
    await m.flush();
    expect(m.state('carla').status).toBe('admitted');
  });

  it('switching the lobby off admits those waiting, except anyone removed earlier', async () => {
    const { m, bob, carla } = await threeInCall();
    await m.act('alice', { kind: 'remove', id: carla.id });
    await m.flush();
    const dan = await testPerson('dan');
    m.add(dan);
    const carlaAgain = m.add(carla);
    void carlaAgain;
    await m.knock('dan', 'alice');
    await m.knock('carla', 'alice');
    await m.flush();
    m.take('alice', await m.party('alice').driver.dispatch({ type: 'set-lobby', enabled: false, now: m.clock }));
    await m.flush();
    expect(m.state('dan').status).toBe('admitted');
    expect(m.state('carla').status).toBe('knocking');
    expect(m.party('alice').effects.filter((e) => e.kind === 'lobby').at(-1)).toEqual({ kind: 'lobby', entries: [{ id: carla.id, removedEarlier: true }] });
    expect(isAdmitted(m.state('bob'), dan.id)).toBe(true);
    void bob;
  });

  it('deny: the newcomer is told, by a statement signed by the host, and stops', async () => {
    const { m, bob } = await aliceAndBob();
    await m.flush();
    await m.act('alice', { kind: 'deny', id: bob.id, reason: 'denied' });
    await m.flush();
    expect(m.state('bob').status).toBe('denied');
    expect(m.party('bob').effects).toContainEqual({ kind: 'status', status: 'denied' });
    expect(m.party('alice').effects.filter((e) => e.kind === 'lobby').at(-1)).toEqual({ kind: 'lobby', entries: [] });
  });

  it('a locked meeting answers every knock with a deny (reason locked)', async () => {
    const alice = await testPerson('alice');
    const bob = await testPerson('bob');
    const m = await TestMeeting.create(alice);
    m.add(alice);
    await m.act('alice', { kind: 'lock', locked: true });
    m.add(bob);
    await m.knock('bob', 'alice');
    const deny = m.wire.find((d) => d.to === 'bob' && d.message.kind === 'deny');
    expect(deny?.message).toMatchObject({ final: { statement: { kind: 'deny', reason: 'locked', subject: bob.id } } });
    await m.flush();
    expect(m.state('bob').status).toBe('denied');
  });

  it('someone admitted who comes back with a new session is sent the state at once (an admission lasts for the meeting)', async () => {
    const { m, bob } = await aliceAndBob();
    await m.flush();
    await m.act('alice', { kind: 'admit', ids: [bob.id] });
    await m.flush();
    // Bob's app restarted: a fresh machine knocks again.
    m.add(bob);
    await m.knock('bob', 'alice');
    await m.flush();
    expect(m.state('bob').status).toBe('admitted');
    expect(projection(m.state('alice')).seq).toBe(1); // no new statement was needed
  });

  it('host actions by someone who is not host are refused', async () => {
    const { m, bob, carla } = await threeInCall();
    const effects = await m.act('bob', { kind: 'remove', id: carla.id });
    expect(effects).toContainEqual({ kind: 'refused', action: 'remove', reason: 'not-host' });
    expect(await m.act('alice', { kind: 'remove', id: m.root.id })).toContainEqual({ kind: 'refused', action: 'remove', reason: 'self' });
    expect(await m.act('alice', { kind: 'admit', ids: [bob.id] })).toContainEqual({ kind: 'refused', action: 'admit', reason: 'already-admitted' });
  });

  it('a failed signature refuses the action and changes nothing', async () => {
    const { m, bob } = await aliceAndBob();
    const party = m.party('alice');
    const state = party.driver.state;
    const first = admissionStep(state, { type: 'host-action', action: { kind: 'admit', ids: [bob.id] }, now: 1 });
    const sign = first.effects.find((e) => e.kind === 'sign') as Extract<AdmissionEffect, { kind: 'sign' }>;
    const failed = admissionStep(first.state, { type: 'sign-failed', requestId: sign.requestId });
    expect(failed.effects).toContainEqual({ kind: 'refused', action: 'admit', reason: 'sign-failed' });
    expect(projection(failed.state)).toEqual(projection(state));
  });

  it('actions made while one is being signed are queued and build on it', async () => {
    const { m, bob } = await aliceAndBob();
    const carla = await testPerson('carla');
    let s = m.state('alice');
    const a = admissionStep(s, { type: 'host-action', action: { kind: 'admit', ids: [bob.id] }, now: 5 });
    const b = admissionStep(a.state, { type: 'host-action', action: { kind: 'admit', ids: [carla.id] }, now: 6 });
    expect(kinds(b.effects)).toEqual([]);
    const sign1 = a.effects.find((e) => e.kind === 'sign') as Extract<AdmissionEffect, { kind: 'sign' }>;
    const r1 = admissionStep(b.state, { type: 'signed', requestId: sign1.requestId, signature: await m.root.sign(sign1.statement) });
    const sign2 = r1.effects.find((e) => e.kind === 'sign') as Extract<AdmissionEffect, { kind: 'sign' }>;
    s = admissionStep(r1.state, { type: 'signed', requestId: sign2.requestId, signature: await m.root.sign(sign2.statement) }).state;
    expect(projection(s)).toMatchObject({ seq: 2, admitted: [m.root.id, bob.id, carla.id].sort() });
  });
});

describe('admission machine: removal (§14.7)', () => {
  it('the removed person is told and stops; members close the connection and rotate keys', async () => {
    const { m, bob, carla } = await threeInCall();
    await m.connect('bob', 'carla');
    await m.act('alice', { kind: 'remove', id: carla.id });
    await m.flush();
    expect(m.state('carla').status).toBe('removed');
    expect(m.party('bob').effects).toContainEqual({ kind: 'disconnect', id: carla.id, reason: 'removed' });
    expect(m.party('alice').effects).toContainEqual({ kind: 'disconnect', id: carla.id, reason: 'removed' });
    expect(mayConnect(m.state('bob'), carla.id)).toBe(false);
    expect(projection(m.state('bob')).removed).toEqual([carla.id]);
    void bob;
  });

  it('a member who joins after a removal refuses the removed person and their old proof', async () => {
    const { m, carla } = await threeInCall();
    const carlasProof = lastStateOf(m, 'carla');
    await m.act('alice', { kind: 'remove', id: carla.id });
    await m.flush();
    const dan = await testPerson('dan');
    m.add(dan);
    await m.knock('dan', 'alice');
    await m.flush();
    await m.act('alice', { kind: 'admit', ids: [dan.id] });
    await m.flush();
    expect(projection(m.state('dan')).removed).toEqual([carla.id]);
    // Carla comes back and greets Dan with the proof she kept.
    const carlaBack = m.party('carla');
    void carlaBack;
    const knock = await m.deliver({ from: 'carla', to: 'dan', message: { kind: 'knock', displayName: 'carla' } });
    expect(knock.filter((e) => e.kind === 'send')).toEqual([]); // no welcome for someone removed
    const proof = await m.deliver({ from: 'carla', to: 'dan', message: carlasProof });
    // Her proof admits her, but it is older than Dan: it says nothing about him, and his is newer.
    expect(proof).toContainEqual({ kind: 'drop', from: carla.id, reason: 'not-for-me' });
    const offer = await m.party('dan').driver.dispatch({ type: 'payload', from: carla.peer, payload: 'offer' });
    expect(offer).toContainEqual({ kind: 'drop', from: carla.id, reason: 'not-admitted' });
    expect(mayConnect(m.state('dan'), carla.id)).toBe(false);
  });

  it('a member who missed the removal learns it from the next member it meets', async () => {
    const { m, bob, carla } = await threeInCall();
    // Bob is away from the relay when Alice removes Carla.
    await m.act('alice', { kind: 'remove', id: carla.id });
    await m.flush((d) => d.to !== 'bob');
    expect(isAdmitted(m.state('bob'), carla.id)).toBe(true);
    // Bob greets Alice again after the relay is back: Alice's state comes with her answer.
    await m.knock('bob', 'alice');
    await m.flush();
    expect(isAdmitted(m.state('bob'), carla.id)).toBe(false);
    expect(projection(m.state('bob')).removed).toEqual([carla.id]);
    void bob;
  });

  it('the removed person waits in the host lobby, marked, even with the lobby off; a new admission lets them back', async () => {
    const { m, carla } = await threeInCall();
    m.take('alice', await m.party('alice').driver.dispatch({ type: 'set-lobby', enabled: false, now: m.clock }));
    await m.act('alice', { kind: 'remove', id: carla.id });
    await m.flush();
    m.add(carla);
    await m.knock('carla', 'alice');
    await m.flush();
    expect(m.state('carla').status).toBe('knocking');
    expect(m.party('alice').effects.filter((e) => e.kind === 'lobby').at(-1)).toEqual({ kind: 'lobby', entries: [{ id: carla.id, removedEarlier: true }] });
    await m.act('alice', { kind: 'admit', ids: [carla.id] });
    await m.flush();
    expect(m.state('carla').status).toBe('admitted');
    expect(projection(m.state('bob'))).toMatchObject({ removed: [] });
    expect(isAdmitted(m.state('bob'), carla.id)).toBe(true);
  });

  it('after the host restarts from its record, removed people still wait in the lobby', async () => {
    const { m, carla } = await threeInCall();
    m.take('alice', await m.party('alice').driver.dispatch({ type: 'set-lobby', enabled: false, now: m.clock }));
    await m.act('alice', { kind: 'remove', id: carla.id });
    await m.flush();
    const record = m.party('alice').records.at(-1)!;
    const restored = await restoreAdmission(nobleProvider, record, m.clock);
    expect(isHost(restored.state)).toBe(true);
    expect(restored.state.lobbyEnabled).toBe(false);
    m.add(m.root, { state: restored.state });
    m.add(carla);
    await m.knock('carla', 'alice');
    await m.flush();
    expect(m.state('carla').status).toBe('knocking');
    expect(m.party('alice').effects.filter((e) => e.kind === 'lobby').at(-1)).toEqual({ kind: 'lobby', entries: [{ id: carla.id, removedEarlier: true }] });
  });

  it('a tampered record restores no admission; a broken one is malformed', async () => {
    const { m } = await threeInCall();
    const record = m.party('alice').records.at(-1)!.slice();
    record[record.length - 2]! ^= 1; // the last byte of the last admitted id
    const restored = await restoreAdmission(nobleProvider, record, m.clock);
    expect(restored.state.knowledge?.latest ?? null).toBeNull();
    expect(restored.effects).toContainEqual({ kind: 'drop', from: null, reason: 'digest-mismatch' });
    await expect(restoreAdmission(nobleProvider, record.slice(0, -1), m.clock)).rejects.toMatchObject({ code: 'malformed' });
  });
});

describe('admission machine: hand-over and succession (§14.4)', () => {
  async function handedToBob() {
    const t = await threeInCall();
    await t.m.connect('bob', 'carla');
    await t.m.act('alice', { kind: 'hand-over', to: t.bob.peer });
    await t.m.flush();
    return t;
  }

  it('everyone follows a hand-over; the new host admits with its chain; the former host can do nothing', async () => {
    const { m, alice, bob } = await handedToBob();
    for (const name of ['alice', 'bob', 'carla']) expect(projection(m.state(name)).host).toBe(bob.id);
    expect(isHost(m.state('bob'))).toBe(true);
    expect(await m.act('alice', { kind: 'lock', locked: true })).toContainEqual({ kind: 'refused', action: 'lock', reason: 'not-host' });
    const dan = await testPerson('dan');
    m.add(dan);
    await m.knock('dan', 'alice');
    await m.knock('dan', 'bob');
    await m.flush();
    await m.act('bob', { kind: 'admit', ids: [dan.id] });
    await m.flush();
    expect(m.state('dan').status).toBe('admitted');
    expect(projection(m.state('dan')).host).toBe(bob.id);
    expect(isAdmitted(m.state('carla'), dan.id)).toBe(true);
    void alice;
  });

  it('a member who missed a hand-over follows the next one: every chain is whole, from the invite\'s host', async () => {
    const { m, bob, carla } = await threeInCall();
    await m.act('alice', { kind: 'hand-over', to: bob.peer });
    await m.flush((d) => d.to !== 'carla'); // Carla never hears of Alice -> Bob
    await m.act('bob', { kind: 'hand-over', to: carla.peer });
    await m.flush();
    expect(projection(m.state('carla')).host).toBe(carla.id);
    expect(isHost(m.state('carla'))).toBe(true);
  });

  it('the issue\'s chain [A->B, B->B, B->B] is refused (self hand-over) and does not beat [A->B, B->C]', async () => {
    const { m, alice, bob, carla } = await handedToBob();
    await m.act('bob', { kind: 'hand-over', to: carla.peer });
    await m.flush();
    const known = lastStateOf(m, 'carla');
    const handOver = (signer: TestPerson, to: TestPerson, seq: number) =>
      signAs(signer, { kind: 'hand-over', roomId: m.roomId, epoch: known.final.statement.epoch, seq, issuedAt: m.clock, signer: signer.key, successor: to.key, stateDigest: known.final.statement.stateDigest });
    const aToB = known.links[0]!;
    const forged: StateMessage = { kind: 'state', links: [aToB, await handOver(bob, bob, 5)], final: await handOver(bob, bob, 6), state: known.state };
    expect(await m.deliver({ from: 'bob', to: 'alice', message: forged })).toContainEqual({ kind: 'drop', from: bob.id, reason: 'self-hand-over' });
    expect(projection(m.state('alice')).host).toBe(carla.id);
    void alice;
  });

  it('a former host signing after its hand-over is not followed (after-hand-over)', async () => {
    const { m, alice, bob } = await handedToBob();
    const known = lastStateOf(m, 'carla');
    const ms = meetingState(true, known.state.admitted, known.state.removed);
    const digest = stateDigest(encodeMeetingState(ms));
    const late = await signAs(alice, { kind: 'view', roomId: m.roomId, epoch: known.final.statement.epoch, seq: 9, issuedAt: m.clock, signer: alice.key, stateDigest: digest });
    const effects = await m.deliver({ from: 'alice', to: 'carla', message: { kind: 'state', links: [], final: late, state: ms } });
    expect(effects).toContainEqual({ kind: 'drop', from: alice.id, reason: 'after-hand-over' });
    expect(projection(m.state('carla'))).toMatchObject({ host: bob.id, locked: false });
  });

  it('a former host that signs a second hand-over forks the chain: the meeting stops for everyone who sees it', async () => {
    const { m, alice, carla } = await handedToBob();
    const known = lastStateOf(m, 'carla');
    const fork = await signAs(alice, { kind: 'hand-over', roomId: m.roomId, epoch: known.final.statement.epoch, seq: known.links.length === 0 ? 2 : 3, issuedAt: m.clock, signer: alice.key, successor: carla.key, stateDigest: known.final.statement.stateDigest });
    const effects = await m.deliver({ from: 'alice', to: 'carla', message: { kind: 'state', links: [], final: fork, state: known.state } });
    expect(m.state('carla').status).toBe('disputed');
    expect(effects).toContainEqual({ kind: 'status', status: 'disputed' });
    // Carla passed both sides of the fork on, so Bob stops too.
    await m.flush();
    expect(m.state('bob').status).toBe('disputed');
    expect(projection(m.state('bob')).host).toBeNull();
  });

  it('nobody hands over twice in one meeting; honest hosts refuse to', async () => {
    const { m, alice, bob } = await handedToBob();
    await m.act('bob', { kind: 'hand-over', to: alice.peer });
    await m.flush();
    expect(isHost(m.state('alice'))).toBe(true);
    expect(await m.act('alice', { kind: 'hand-over', to: bob.peer })).toContainEqual({ kind: 'refused', action: 'hand-over', reason: 'handed-over-before' });
  });

  it('a former host\'s deny or admission of a newcomer stops counting once the newcomer hears from the host now', async () => {
    const { m, alice, bob } = await handedToBob();
    const dan = await testPerson('dan');
    m.add(dan);
    const epoch = m.state('alice').knowledge!.epoch;
    // Alice (former host) answers Dan first, as if she were still host.
    const deny = await signAs(alice, { kind: 'deny', roomId: m.roomId, epoch, seq: 2, issuedAt: m.clock, signer: alice.key, subject: dan.id, reason: 'denied' });
    await m.deliver({ from: 'alice', to: 'dan', message: { kind: 'deny', links: [], final: deny } });
    expect(m.state('dan').status).toBe('denied'); // Dan cannot tell yet (§14.11: the engine waits before acting on it)
    await m.knock('dan', 'bob');
    await m.flush();
    await m.act('bob', { kind: 'admit', ids: [dan.id] });
    await m.flush();
    expect(projection(m.state('dan'))).toMatchObject({ status: 'admitted', host: bob.id });
    // Told by Bob's chain that Alice handed over, Dan now drops her deny.
    expect(await m.deliver({ from: 'alice', to: 'dan', message: { kind: 'deny', links: [], final: deny } })).toContainEqual({ kind: 'drop', from: alice.id, reason: 'unexpected' });
  });

  it('a newcomer falsely admitted by a former host is no longer admitted once it learns the chain', async () => {
    const { m, alice, bob, carla } = await handedToBob();
    const dan = await testPerson('dan');
    m.add(dan);
    const known = lastStateOf(m, 'carla');
    const ms = meetingState(false, [...known.state.admitted, dan.id], known.state.removed);
    const digest = stateDigest(encodeMeetingState(ms));
    const forged = await signAs(alice, { kind: 'view', roomId: m.roomId, epoch: known.final.statement.epoch, seq: 7, issuedAt: m.clock, signer: alice.key, stateDigest: digest });
    await m.deliver({ from: 'alice', to: 'dan', message: { kind: 'state', links: [], final: forged, state: ms } });
    expect(m.state('dan').status).toBe('admitted'); // undetectable without the chain
    // Members are not fooled: they know Alice handed over.
    expect(await m.deliver({ from: 'alice', to: 'carla', message: { kind: 'state', links: [], final: forged, state: ms } })).toContainEqual({ kind: 'drop', from: alice.id, reason: 'after-hand-over' });
    // Carla's proof (her state, with the chain) reaches Dan: Alice's statement no longer fits.
    await m.deliver({ from: 'carla', to: 'dan', message: lastStateOf(m, 'carla') });
    expect(projection(m.state('dan'))).toMatchObject({ status: 'knocking', host: bob.id });
    expect(mayConnect(m.state('dan'), carla.id)).toBe(false);
  });
});

describe('admission machine: who may send what (§14.6 table)', () => {
  it('a knocker accepts no payload but bye; members accept payloads only from the admitted', async () => {
    const { m, bob } = await aliceAndBob();
    const bobDriver = m.party('bob').driver;
    expect(await bobDriver.dispatch({ type: 'payload', from: m.root.peer, payload: 'offer' })).toContainEqual({ kind: 'drop', from: m.root.id, reason: 'not-admitted' });
    expect(await bobDriver.dispatch({ type: 'payload', from: m.root.peer, payload: 'bye' })).toEqual([{ kind: 'accept' }]);
    const aliceDriver = m.party('alice').driver;
    for (const payload of ['chat', 'offer', 'answer', 'ice-candidate', 'media-key', 'media-key-request', 'recording', 'peer-state'] as const) {
      expect(await aliceDriver.dispatch({ type: 'payload', from: bob.peer, payload })).toContainEqual({ kind: 'drop', from: bob.id, reason: 'not-admitted' });
    }
    expect(await aliceDriver.dispatch({ type: 'payload', from: bob.peer, payload: 'access-control' })).toContainEqual({ kind: 'drop', from: bob.id, reason: 'retired' });
    await m.flush();
    await m.act('alice', { kind: 'admit', ids: [bob.id] });
    await m.flush();
    expect(await aliceDriver.dispatch({ type: 'payload', from: bob.peer, payload: 'chat' })).toEqual([{ kind: 'accept' }]);
    expect(m.state('alice').drops['not-admitted']).toBe(8);
  });

  it('a state from a stranger that does not admit the stranger is dropped; one signed by a member is not the host\'s', async () => {
    const { m, carla } = await threeInCall();
    const mallory = await testPerson('mallory');
    m.add(mallory);
    const known = lastStateOf(m, 'bob');
    // Whoever sends a state must be admitted in it: Mallory cannot pass on even a genuine one.
    expect(await m.deliver({ from: 'mallory', to: 'bob', message: known })).toContainEqual({ kind: 'drop', from: mallory.id, reason: 'not-admitted' });
    // Carla (a member) signs a view that adds Mallory: it does not start at the invite's host.
    const ms = meetingState(false, [...known.state.admitted, mallory.id], []);
    const digest = stateDigest(encodeMeetingState(ms));
    const forged = await signAs(carla, { kind: 'view', roomId: m.roomId, epoch: known.final.statement.epoch, seq: 99, issuedAt: m.clock, signer: carla.key, stateDigest: digest });
    expect(await m.deliver({ from: 'carla', to: 'bob', message: { kind: 'state', links: [], final: forged, state: ms } })).toContainEqual({ kind: 'drop', from: carla.id, reason: 'not-root' });
    // Nor can she re-use the host's signature with a roster of her own.
    expect(await m.deliver({ from: 'carla', to: 'bob', message: { ...known, state: ms } })).toContainEqual({ kind: 'drop', from: carla.id, reason: 'digest-mismatch' });
    expect(isAdmitted(m.state('bob'), mallory.id)).toBe(false);
  });

  it('statements of another room, an older meeting, or a bad signature are dropped with their reason', async () => {
    const { m, bob } = await threeInCall();
    const known = lastStateOf(m, 'bob');
    const other = await signAs(m.root, { ...known.final.statement, roomId: new Uint8Array(32).fill(7) });
    expect(await m.deliver({ from: 'alice', to: 'bob', message: { ...known, final: other } })).toContainEqual({ kind: 'drop', from: m.root.id, reason: 'wrong-room' });
    const older = await signAs(m.root, { ...known.final.statement, epoch: known.final.statement.epoch - 1, seq: 50 });
    expect(await m.deliver({ from: 'alice', to: 'bob', message: { ...known, final: older } })).toContainEqual({ kind: 'drop', from: m.root.id, reason: 'old-epoch' });
    const badSignature = { ...known.final, signature: known.final.signature.map((b, i) => (i === 0 ? b ^ 1 : b)) };
    expect(await m.deliver({ from: 'alice', to: 'bob', message: { ...known, final: badSignature } })).toContainEqual({ kind: 'drop', from: m.root.id, reason: 'bad-signature' });
    expect(await m.deliver({ from: 'alice', to: 'bob', message: known })).toContainEqual({ kind: 'drop', from: m.root.id, reason: 'duplicate' });
    void bob;
  });

  it('the invite\'s host opening a newer meeting moves those it admits to it; the others stay where they are', async () => {
    const { m, bob, carla } = await threeInCall();
    const ms = meetingState(false, [m.root.id, bob.id], []);
    const digest = stateDigest(encodeMeetingState(ms));
    const newer = await signAs(m.root, { kind: 'view', roomId: m.roomId, epoch: nextEpoch(m.clock + 10, m.clock), seq: 1, issuedAt: m.clock, signer: m.root.key, stateDigest: digest });
    const message: StateMessage = { kind: 'state', links: [], final: newer, state: ms };
    expect(await m.deliver({ from: 'alice', to: 'carla', message })).toContainEqual({ kind: 'drop', from: m.root.id, reason: 'not-for-me' });
    expect(projection(m.state('carla'))).toMatchObject({ status: 'admitted', epoch: m.clock, seq: 2 });
    const bobEffects = await m.deliver({ from: 'alice', to: 'bob', message });
    expect(projection(m.state('bob'))).toMatchObject({ status: 'admitted', epoch: m.clock + 10, seq: 1 });
    expect(bobEffects).toContainEqual({ kind: 'disconnect', id: carla.id, reason: 'new-meeting' });
    expect(mayConnect(m.state('bob'), carla.id)).toBe(false);
  });

  it('the root never leaves its own meeting for a statement of another epoch', async () => {
    const { m, bob } = await threeInCall();
    const ms = meetingState(false, [m.root.id, bob.id], []);
    const digest = stateDigest(encodeMeetingState(ms));
    const newer = await signAs(m.root, { kind: 'view', roomId: m.roomId, epoch: m.clock + 10, seq: 1, issuedAt: m.clock, signer: m.root.key, stateDigest: digest });
    expect(await m.deliver({ from: 'bob', to: 'alice', message: { kind: 'state', links: [], final: newer, state: ms } })).toContainEqual({ kind: 'drop', from: bob.id, reason: 'other-epoch' });
  });

  it('the same person under the negated key: one identity, but no host authority', async () => {
    const { m, bob } = await threeInCall();
    const aliceNegated = { id: m.root.id, key: ed25519.Point.fromBytes(m.root.key).negate().toBytes() };
    // Removals and rosters name the person: -A is admitted as A is.
    expect(isAdmitted(m.state('bob'), aliceNegated.id)).toBe(true);
    // A chain or statement that starts at -A does not start at the invite's host key.
    const known = lastStateOf(m, 'bob');
    const message = await checkAdmissionMessage(nobleProvider, m.hostKeyId, { ...known, final: { ...known.final, statement: { ...known.final.statement, signer: aliceNegated.key } } });
    expect(message.checks.rootMatches).toBe(false);
    // A hand-over from A to -A is a hand-over to oneself.
    const selfLink = await signAs(m.root, { kind: 'hand-over', roomId: m.roomId, epoch: known.final.statement.epoch, seq: 5, issuedAt: m.clock, signer: m.root.key, successor: aliceNegated.key, stateDigest: known.final.statement.stateDigest });
    expect(await m.deliver({ from: 'alice', to: 'bob', message: { ...known, final: selfLink } })).toContainEqual({ kind: 'drop', from: m.root.id, reason: 'self-hand-over' });
    void bob;
  });
});

describe('admission machine: order of effects, bounds', () => {
  it('the host persists its record before any send of the statement, and sends the removed person theirs through the relay', async () => {
    const { m, carla } = await threeInCall();
    const host = m.state('alice');
    const r = admissionStep(host, { type: 'host-action', action: { kind: 'remove', id: carla.id }, now: m.clock });
    const sign = r.effects.find((e) => e.kind === 'sign') as Extract<AdmissionEffect, { kind: 'sign' }>;
    const signed = admissionStep(r.state, { type: 'signed', requestId: sign.requestId, signature: await m.root.sign(sign.statement) });
    const kindsInOrder = kinds(signed.effects);
    expect(kindsInOrder.indexOf('persist')).toBe(0);
    expect(kindsInOrder.filter((k) => k === 'send').length).toBe(2); // Bob, and Carla
    expect(signed.effects.filter((e) => e.kind === 'send').map((e) => (e as { relayOnly: boolean }).relayOnly)).toEqual([false, true]);
  });

  it('a leaving host\'s hand-over can be sent through the relay only', async () => {
    const { m, bob } = await threeInCall();
    const r = admissionStep(m.state('alice'), { type: 'host-action', action: { kind: 'hand-over', to: bob.peer, relayOnly: true }, now: m.clock });
    const sign = r.effects.find((e) => e.kind === 'sign') as Extract<AdmissionEffect, { kind: 'sign' }>;
    const signed = admissionStep(r.state, { type: 'signed', requestId: sign.requestId, signature: await m.root.sign(sign.statement) });
    const sends = signed.effects.filter((e): e is Extract<AdmissionEffect, { kind: 'send' }> => e.kind === 'send');
    expect(sends.length).toBe(2);
    expect(sends.every((e) => e.relayOnly)).toBe(true);
    expect(signed.effects).toContainEqual({ kind: 'host', id: bob.id, self: false });
  });

  it('someone who leaves the room leaves the lobby; the lobby and the action queue are bounded', async () => {
    const { m, bob } = await aliceAndBob();
    m.take('alice', await m.party('alice').driver.dispatch({ type: 'gone', id: bob.id }));
    expect(m.party('alice').effects.filter((e) => e.kind === 'lobby').at(-1)).toEqual({ kind: 'lobby', entries: [] });
    let s = m.state('alice');
    const strangers = await Promise.all(Array.from({ length: MAX_WAITING + 1 }, (_, i) => testPerson(`s${i}`)));
    const dropped: AdmissionEffect[] = [];
    for (const p of strangers) {
      const r = admissionStep(s, { type: 'knock', from: p.peer, now: 1 });
      dropped.push(...r.effects);
      s = r.state;
    }
    expect(s.waiting).toHaveLength(MAX_WAITING);
    expect(dropped).toContainEqual({ kind: 'drop', from: strangers.at(-1)!.id, reason: 'lobby-full' });
    for (let i = 0; i <= MAX_QUEUED_ACTIONS; i++) s = admissionStep(s, { type: 'host-action', action: { kind: 'admit', ids: [strangers[i]!.id] }, now: 1 }).state;
    expect(admissionStep(s, { type: 'host-action', action: { kind: 'lock', locked: true }, now: 1 }).effects).toContainEqual({ kind: 'refused', action: 'lock', reason: 'busy' });
  });

  it('a removed participant takes part in nothing any more, but a state that admits it again counts', async () => {
    const { m, carla } = await threeInCall();
    await m.act('alice', { kind: 'remove', id: carla.id });
    await m.flush();
    const carlaDriver = m.party('carla').driver;
    expect(await carlaDriver.dispatch({ type: 'payload', from: m.root.peer, payload: 'chat' })).toContainEqual({ kind: 'drop', from: m.root.id, reason: 'ended' });
    expect(await carlaDriver.dispatch({ type: 'knock', from: m.root.peer, now: 1 })).toContainEqual({ kind: 'drop', from: m.root.id, reason: 'ended' });
    await m.act('alice', { kind: 'admit', ids: [carla.id] });
    await m.deliver({ from: 'alice', to: 'carla', message: lastStateOf(m, 'alice') });
    expect(m.state('carla').status).toBe('admitted');
  });

  it('a member restored from its own record proves its admission to the others', async () => {
    const { m, bob } = await threeInCall();
    const record = m.party('bob').records.at(-1)!;
    const restored = await restoreAdmission(nobleProvider, record, m.clock);
    expect(restored.state.status).toBe('admitted');
    m.add(bob, { state: restored.state });
    await m.connect('bob', 'carla');
    await m.deliver({ from: 'bob', to: 'carla', message: { kind: 'knock', displayName: 'bob' } });
    expect(sendsTo(m, 'bob').map((d) => d.message.kind)).toEqual(['welcome', 'state']);
  });
});

describe('admission machine: fresh per meeting', () => {
  it('a machine made for a new meeting holds nothing of the last one', async () => {
    const { m, bob } = await threeInCall();
    const next: AdmissionState = createAdmission({ roomId: m.roomId, hostKeyId: m.hostKeyId, self: bob.peer, displayName: 'bob', isRoot: false, epoch: 0, lobbyEnabled: true });
    expect(next.knowledge).toBeNull();
    expect(next.status).toBe('knocking');
    expect(nextEpoch(5, 10)).toBe(11);
    expect(nextEpoch(50, 10)).toBe(50);
  });
});
