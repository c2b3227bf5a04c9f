// Session benchmark (issue 3): full session establishment with both sides (the initiator processes
// the bundle and encrypts the first message, the responder accepts it and decrypts), and Double
// Ratchet messages per second one-direction (no DH step) and alternating (a DH step every message),
// for Parley on the @noble reference provider and on main's node:crypto provider, side by side with
// @signalapp/libsignal-client (native Rust; PQXDH with ML-KEM-1024 and, in current versions, the
// SPQR post-quantum ratchet). In-memory key stores on both sides. Targets: establishment no slower
// than libsignal-client; ratchet >= 2x its messages/s.
import { createRequire } from 'node:module';
import type {
  IdentityKeyPair,
  KyberPreKeyRecord,
  PreKeyBundle,
  PreKeyRecord,
  ProtocolAddress,
  PublicKey,
  SessionRecord,
  SignedPreKeyRecord,
} from '@signalapp/libsignal-client';
import type * as LibsignalModule from '@signalapp/libsignal-client';
import type { CryptoProvider } from '../../protocol/crypto/provider';
import { nobleProvider } from '../../protocol/crypto/noble-provider';
import { acceptSession, initiateSession } from '../../protocol/handshake/handshake';
import type { PrekeyBundle } from '../../protocol/keys/bundle';
import { MemoryKeyOperations } from '../../protocol/keys/memory-key-operations';
import { generateOneTimePrekeys } from '../../protocol/keys/prekeys';
import type { RatchetSession } from '../../protocol/ratchet/session';
import { deriveRoomKeys } from '../../protocol/room/room';
import { decodeEnvelope } from '../../protocol/wire/envelope';

/**
 * Cost of one operation, median over rounds: wall-clock, and CPU time of this process (user +
 * system, all threads). On a shared machine wall-clock includes waiting for a core; CPU time does
 * not, so it is the fairer basis for comparing implementations run on the same thread.
 */
export interface OperationCost {
  wallMs: number;
  cpuMs: number;
}

export interface SessionBenchRow {
  implementation: string;
  /** One full establishment, both sides. */
  establish: OperationCost;
  /** One message, encrypt + decrypt, same direction every time. */
  oneWay: OperationCost;
  /** One message, encrypt + decrypt, direction alternating every message (a DH step each). */
  alternating: OperationCost;
}

export interface SessionBenchResult {
  rows: SessionBenchRow[];
  notes: string[];
}

/** A pair of sessions after the handshake and one reply, as the ratchet benchmarks use it. */
interface Pair {
  aliceToBob(message: Uint8Array): Promise<void>;
  bobToAlice(message: Uint8Array): Promise<void>;
}

interface Implementation {
  name: string;
  /** Prepares `count` establishments (keys, bundles) and returns one that runs them. */
  prepareEstablishments(count: number): Promise<() => Promise<void>>;
  pair(): Promise<Pair>;
}

const MESSAGE = new Uint8Array(256).fill(0x61); // an ICE candidate or a chat line

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const ROUNDS = 5;

/**
 * Runs `rounds` rounds; in each, every case runs one batch of about `batchMs`, in turn. Turn-taking
 * spreads the machine's background load evenly over the implementations compared, which matters
 * on a shared machine. Returns, per case, the median over rounds of the mean cost per operation.
 */
async function roundRobin(cases: ((i: number) => Promise<void>)[], batchMs: number, maxPerBatch = Infinity): Promise<OperationCost[]> {
  const sizes: number[] = [];
  const counters = cases.map(() => 0);
  for (const [c, op] of cases.entries()) {
    const t0 = performance.now();
    while ((performance.now() - t0 < Math.min(batchMs, 100) && counters[c]! < maxPerBatch) || counters[c]! < 3) await op(counters[c]!++);
    sizes.push(Math.min(maxPerBatch, Math.max(3, Math.round(batchMs / ((performance.now() - t0) / counters[c]!)))));
  }
  const wall: number[][] = cases.map(() => []);
  const cpu: number[][] = cases.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [c, op] of cases.entries()) {
      const start = performance.now();
      const cpuStart = process.cpuUsage();
      for (let k = 0; k < sizes[c]!; k++) await op(counters[c]!++);
      const used = process.cpuUsage(cpuStart);
      wall[c]!.push((performance.now() - start) / sizes[c]!);
      cpu[c]!.push((used.user + used.system) / 1000 / sizes[c]!);
    }
  }
  return cases.map((_, c) => ({ wallMs: median(wall[c]!), cpuMs: median(cpu[c]!) }));
}

function parley(name: string, provider: CryptoProvider): Implementation {
  const setup = async (oneTimePrekeys: number) => {
    const room = await deriveRoomKeys(provider, provider.randomBytes(32));
    const alice = await MemoryKeyOperations.generate(provider);
    const bob = await MemoryKeyOperations.generate(provider);
    const opks = await generateOneTimePrekeys(provider, 1, oneTimePrekeys);
    bob.addOneTimePrekeys(opks);
    const { oneTimePrekeys: _published, ...base } = bob.publicPrekeys();
    return { room, alice, bob, bundles: opks.map(({ id, publicKey }): PrekeyBundle => ({ ...base, oneTimePrekey: { id, publicKey } })) };
  };
  const establish = async (s: Awaited<ReturnType<typeof setup>>, bundle: PrekeyBundle) => {
    const { session, envelope } = await initiateSession({ provider, keys: s.alice, room: s.room, bundle, firstPayload: MESSAGE });
    const decoded = decodeEnvelope(envelope);
    if (decoded.type !== 'handshake-init') throw new Error('expected a handshake init');
    const accepted = await acceptSession({ provider, keys: s.bob, room: s.room, init: decoded.init });
    return { alice: session, bob: accepted.session };
  };
  return {
    name,
    prepareEstablishments: async (count) => {
      const s = await setup(count);
      let next = 0;
      return async () => {
        await establish(s, s.bundles[next++]!);
      };
    },
    pair: async () => {
      const s = await setup(1);
      const { alice, bob } = await establish(s, s.bundles[0]!);
      await alice.decrypt(await bob.encrypt(MESSAGE));
      const send = (from: RatchetSession, to: RatchetSession) => async (m: Uint8Array) => {
        await to.decrypt(await from.encrypt(m));
      };
      return { aliceToBob: send(alice, bob), bobToAlice: send(bob, alice) };
    },
  };
}

type Libsignal = typeof LibsignalModule;

/** libsignal-client with in-memory stores that keep live records (its fastest configuration). */
function libsignal(lib: Libsignal, version: string): Implementation {
  class Sessions extends lib.SessionStore {
    private readonly records = new Map<string, SessionRecord>();
    async saveSession(name: ProtocolAddress, record: SessionRecord) {
      this.records.set(name.toString(), record);
    }
    async getSession(name: ProtocolAddress) {
      return this.records.get(name.toString()) ?? null;
    }
    async getExistingSessions(addresses: ProtocolAddress[]) {
      return addresses.map((a) => this.records.get(a.toString())!);
    }
  }
  class Identities extends lib.IdentityKeyStore {
    private readonly known = new Map<string, PublicKey>();
    constructor(private readonly pair: IdentityKeyPair) {
      super();
    }
    async getIdentityKey() {
      return this.pair.privateKey;
    }
    async getLocalRegistrationId() {
      return 1;
    }
    async saveIdentity(name: ProtocolAddress, key: PublicKey) {
      this.known.set(name.toString(), key);
      return lib.IdentityChange.NewOrUnchanged;
    }
    async isTrustedIdentity() {
      return true;
    }
    async getIdentity(name: ProtocolAddress) {
      return this.known.get(name.toString()) ?? null;
    }
  }
  class PreKeys extends lib.PreKeyStore {
    readonly records = new Map<number, PreKeyRecord>();
    async savePreKey(id: number, record: PreKeyRecord) {
      this.records.set(id, record);
    }
    async getPreKey(id: number) {
      return this.records.get(id)!;
    }
    async removePreKey(id: number) {
      this.records.delete(id);
    }
  }
  class SignedPreKeys extends lib.SignedPreKeyStore {
    readonly records = new Map<number, SignedPreKeyRecord>();
    async saveSignedPreKey(id: number, record: SignedPreKeyRecord) {
      this.records.set(id, record);
    }
    async getSignedPreKey(id: number) {
      return this.records.get(id)!;
    }
  }
  class KyberPreKeys extends lib.KyberPreKeyStore {
    readonly records = new Map<number, KyberPreKeyRecord>();
    async saveKyberPreKey(id: number, record: KyberPreKeyRecord) {
      this.records.set(id, record);
    }
    async getKyberPreKey(id: number) {
      return this.records.get(id)!;
    }
    async markKyberPreKeyUsed() {
      // A last-resort KEM prekey, as in Parley: it stays.
    }
  }

  const aliceAddress = lib.ProtocolAddress.new('alice', 1);
  const bobAddress = lib.ProtocolAddress.new('bob', 1);
  const message = new Uint8Array(MESSAGE);

  const setup = (oneTimePrekeys: number) => {
    const aliceIdentity = lib.IdentityKeyPair.generate();
    const bobIdentity = lib.IdentityKeyPair.generate();
    const spk = lib.PrivateKey.generate();
    const spkSignature = bobIdentity.privateKey.sign(spk.getPublicKey().serialize());
    const kem = lib.KEMKeyPair.generate();
    const kemSignature = bobIdentity.privateKey.sign(kem.getPublicKey().serialize());
    const signedPreKeys = new SignedPreKeys();
    signedPreKeys.records.set(1, lib.SignedPreKeyRecord.new(1, Date.now(), spk.getPublicKey(), spk, spkSignature));
    const kyberPreKeys = new KyberPreKeys();
    kyberPreKeys.records.set(1, lib.KyberPreKeyRecord.new(1, Date.now(), kem, kemSignature));
    const preKeys = new PreKeys();
    const bundles = Array.from({ length: oneTimePrekeys }, (_, i) => {
      const opk = lib.PrivateKey.generate();
      preKeys.records.set(i + 1, lib.PreKeyRecord.new(i + 1, opk.getPublicKey(), opk));
      return lib.PreKeyBundle.new(1, 1, i + 1, opk.getPublicKey(), 1, spk.getPublicKey(), spkSignature, bobIdentity.publicKey, 1, kem.getPublicKey(), kemSignature);
    });
    return { aliceIdentity, bobIdentity, preKeys, signedPreKeys, kyberPreKeys, bundles };
  };

  const establish = async (s: ReturnType<typeof setup>, bundle: PreKeyBundle) => {
    const alice = { sessions: new Sessions(), identities: new Identities(s.aliceIdentity) };
    const bob = { sessions: new Sessions(), identities: new Identities(s.bobIdentity) };
    await lib.processPreKeyBundle(bundle, bobAddress, aliceAddress, alice.sessions, alice.identities);
    const first = await lib.signalEncrypt(message, bobAddress, aliceAddress, alice.sessions, alice.identities);
    await lib.signalDecryptPreKey(
      lib.PreKeySignalMessage.deserialize(first.serialize()),
      aliceAddress,
      bobAddress,
      bob.sessions,
      bob.identities,
      s.preKeys,
      s.signedPreKeys,
      s.kyberPreKeys,
    );
    return { alice, bob };
  };

  return {
    name: `libsignal-client ${version} (native)`,
    prepareEstablishments: async (count) => {
      const s = setup(count);
      let next = 0;
      return async () => {
        await establish(s, s.bundles[next++]!);
      };
    },
    pair: async () => {
      const s = setup(1);
      const { alice, bob } = await establish(s, s.bundles[0]!);
      const send =
        (from: typeof alice, fromAddress: typeof aliceAddress, to: typeof bob, toAddress: typeof bobAddress) => async (m: Uint8Array) => {
          const sealed = await lib.signalEncrypt(new Uint8Array(m), toAddress, fromAddress, from.sessions, from.identities);
          if (sealed.type() !== lib.CiphertextMessageType.Whisper) throw new Error('expected an established session');
          await lib.signalDecrypt(lib.SignalMessage.deserialize(sealed.serialize()), fromAddress, toAddress, to.sessions, to.identities);
        };
      const bobToAlice = send(bob, bobAddress, alice, aliceAddress);
      await bobToAlice(message); // Alice's session is now acknowledged: she sends plain SignalMessages
      return { aliceToBob: send(alice, aliceAddress, bob, bobAddress), bobToAlice };
    },
  };
}

/** Establishments per batch; with the warm-up, (ROUNDS + 1) batches use the one-time prekeys prepared up front. */
const MAX_ESTABLISHMENTS_PER_BATCH = 50;

async function measureAll(implementations: Implementation[], budgetMs: number): Promise<SessionBenchRow[]> {
  const batchMs = budgetMs / ROUNDS;
  const establishments = await Promise.all(implementations.map((impl) => impl.prepareEstablishments(MAX_ESTABLISHMENTS_PER_BATCH * (ROUNDS + 1))));
  const establish = await roundRobin(establishments, batchMs, MAX_ESTABLISHMENTS_PER_BATCH);
  const oneWayPairs = await Promise.all(implementations.map((impl) => impl.pair()));
  const oneWay = await roundRobin(oneWayPairs.map((pair) => () => pair.aliceToBob(MESSAGE)), batchMs);
  const alternatingPairs = await Promise.all(implementations.map((impl) => impl.pair()));
  const alternating = await roundRobin(alternatingPairs.map((pair) => (i) => (i % 2 === 0 ? pair.aliceToBob(MESSAGE) : pair.bobToAlice(MESSAGE))), batchMs);
  return implementations.map((impl, i) => ({
    implementation: impl.name,
    establish: establish[i]!,
    oneWay: oneWay[i]!,
    alternating: alternating[i]!,
  }));
}

/** `budgetMs`: roughly the time spent per implementation and measurement. */
export async function runSessionBench(options: { budgetMs?: number } = {}): Promise<SessionBenchResult> {
  const budget = options.budgetMs ?? 1500;
  const notes: string[] = [];
  const implementations: Implementation[] = [parley('Parley (noble provider)', nobleProvider)];
  try {
    const { nodeProvider } = await import('../../main/crypto/node-provider');
    implementations.push(parley('Parley (node:crypto provider)', nodeProvider));
  } catch (error) {
    notes.push(`The node:crypto provider (main/crypto/node-provider.ts) did not load: ${String(error)}`);
  }
  try {
    const lib = await import('@signalapp/libsignal-client');
    const version = (createRequire(import.meta.url)('@signalapp/libsignal-client/package.json') as { version: string }).version;
    implementations.push(libsignal(lib, version));
  } catch (error) {
    notes.push(`@signalapp/libsignal-client did not load, so there is no reference row: ${String(error)}`);
  }
  return { rows: await measureAll(implementations, budget), notes };
}

/** The result as the Markdown tables docs/PERFORMANCE.md carries (CPU time first, then wall-clock). */
export function formatSessionBench({ rows, notes }: SessionBenchResult): string {
  const reference = rows.find((r) => r.implementation.startsWith('libsignal'));
  const lines: string[] = [];
  for (const basis of ['cpuMs', 'wallMs'] as const) {
    const label = basis === 'cpuMs' ? 'CPU time of the process' : 'wall-clock';
    // Establishment: lower is better, ratio = ours / reference. Messages: higher is better, ratio = ours / reference in msg/s.
    const establishRatio = (r: SessionBenchRow) => (reference ? ` (${(r.establish[basis] / reference.establish[basis]).toFixed(2)}x)` : '');
    const rate = (cost: OperationCost) => 1000 / cost[basis];
    const rateRatio = (cost: OperationCost, ref: OperationCost | undefined) => (ref ? ` (${(rate(cost) / rate(ref)).toFixed(2)}x)` : '');
    lines.push(
      `By ${label}:`,
      '',
      '| implementation | establishment, both sides (ms) | ratchet one-direction (msg/s) | ratchet alternating (msg/s) |',
      '|---|---:|---:|---:|',
    );
    for (const r of rows) {
      lines.push(
        `| ${r.implementation} | ${r.establish[basis].toFixed(2)}${establishRatio(r)} | ` +
          `${Math.round(rate(r.oneWay))}${rateRatio(r.oneWay, reference?.oneWay)} | ` +
          `${Math.round(rate(r.alternating))}${rateRatio(r.alternating, reference?.alternating)} |`,
      );
    }
    lines.push('');
  }
  for (const note of notes) lines.push(`Note: ${note}`);
  return lines.join('\n').trimEnd();
}
