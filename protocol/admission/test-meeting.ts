// Test helpers for protocol/admission: throwaway identities that sign statements the way main
// does, and a meeting of AdmissionDrivers joined by an in-memory network that delivers every
// send in order (or holds it, for tests that reorder). Real Ed25519 (@noble) throughout.
import { nobleProvider } from '../crypto/noble-provider';
import { canonicalIdentityHex } from '../keys/identity';
import { hostKeyId } from '../room/host-key-id';
import { AdmissionDriver } from './driver';
import type { DriverEffect } from './driver';
import { createAdmission } from './machine';
import type { AdmissionState, Peer } from './machine';
import { encodeAdmissionMessage } from './messages';
import type { AdmissionMessage } from './messages';
import { signedOf, statementSigningInput } from './statement';
import type { Signed, Statement } from './statement';

export interface TestPerson {
  name: string;
  seed: Uint8Array;
  key: Uint8Array;
  id: string;
  peer: Peer;
  sign(statement: Uint8Array): Promise<Uint8Array>;
}

export async function testPerson(name: string): Promise<TestPerson> {
  const seed = nobleProvider.randomBytes(32);
  const key = await nobleProvider.ed25519PublicKey(seed);
  const id = canonicalIdentityHex(key);
  return { name, seed, key, id, peer: { id, key }, sign: (statement) => nobleProvider.ed25519Sign(seed, statementSigningInput(statement)) };
}

/** A statement signed by `by` (honestly or not: the signature is whatever that key makes). */
export async function signAs<S extends Statement>(by: TestPerson, statement: S): Promise<Signed<S>> {
  const unsigned = signedOf(statement, new Uint8Array(64));
  return signedOf(statement, await by.sign(unsigned.bytes));
}

export interface Delivery {
  from: string;
  to: string;
  message: AdmissionMessage;
}

export interface TestParty {
  person: TestPerson;
  driver: AdmissionDriver;
  /** Every effect the driver handed out, in order. */
  effects: DriverEffect[];
  records: Uint8Array[];
}

export class TestMeeting {
  readonly parties = new Map<string, TestParty>();
  /** Sends not yet delivered, in the order they were made. */
  readonly wire: Delivery[] = [];
  clock = 1_000_000;

  private constructor(
    readonly roomId: Uint8Array,
    readonly hostKeyId: Uint8Array,
    readonly root: TestPerson,
  ) {}

  static async create(root: TestPerson): Promise<TestMeeting> {
    return new TestMeeting(nobleProvider.randomBytes(32), await hostKeyId(nobleProvider, root.key), root);
  }

  /** Adds a participant with a fresh machine (as a join does). */
  add(person: TestPerson, options: { lobbyEnabled?: boolean; epoch?: number; state?: AdmissionState } = {}): TestParty {
    const state =
      options.state ??
      createAdmission({
        roomId: this.roomId,
        hostKeyId: this.hostKeyId,
        self: person.peer,
        displayName: person.name,
        isRoot: person.id === this.root.id && person.key.every((b, i) => b === this.root.key[i]),
        epoch: options.epoch ?? this.clock,
        lobbyEnabled: options.lobbyEnabled ?? true,
      });
    const party: TestParty = { person, effects: [], records: [], driver: undefined as never };
    party.driver = new AdmissionDriver(state, {
      verifier: nobleProvider,
      sign: (statement) => person.sign(statement),
      persist: async (record) => void party.records.push(record),
      now: () => this.clock,
    });
    this.parties.set(person.name, party);
    return party;
  }

  party(name: string): TestParty {
    const party = this.parties.get(name);
    if (!party) throw new Error(`no party ${name}`);
    return party;
  }

  private byId(id: string): TestParty | undefined {
    return [...this.parties.values()].find((p) => p.person.id === id);
  }

  /** Records a driver's effects and puts its sends on the wire. */
  take(name: string, effects: DriverEffect[]): DriverEffect[] {
    const party = this.party(name);
    party.effects.push(...effects);
    for (const e of effects) {
      const to = e.kind === 'send' ? this.byId(e.to) : undefined;
      if (e.kind === 'send' && to) this.wire.push({ from: name, to: to.person.name, message: e.message });
    }
    return effects;
  }

  /** Both have a pairwise session (as after a handshake). */
  async connect(a: string, b: string): Promise<void> {
    this.take(a, await this.party(a).driver.dispatch({ type: 'session', peer: this.party(b).person.peer }));
    this.take(b, await this.party(b).driver.dispatch({ type: 'session', peer: this.party(a).person.peer }));
  }

  /** `from` knocks on `to` (its first ratchet message). */
  async knock(from: string, to: string): Promise<void> {
    await this.connect(from, to);
    await this.deliver({ from, to, message: { kind: 'knock', displayName: from } });
  }

  async deliver(d: Delivery): Promise<DriverEffect[]> {
    const to = this.party(d.to);
    return this.take(d.to, await to.driver.receive(this.party(d.from).person.peer, encodeAdmissionMessage(d.message)));
  }

  /** Delivers every send (and what they cause) until nothing is left; `filter` false drops a delivery. */
  async flush(filter: (d: Delivery) => boolean = () => true): Promise<void> {
    while (this.wire.length > 0) {
      const d = this.wire.shift()!;
      if (filter(d)) await this.deliver(d);
    }
  }

  async act(name: string, action: Parameters<AdmissionDriver['act']>[0]): Promise<DriverEffect[]> {
    return this.take(name, await this.party(name).driver.act(action));
  }

  state(name: string): AdmissionState {
    return this.party(name).driver.state;
  }
}
