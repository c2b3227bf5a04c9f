import { bytesToHex } from '@noble/hashes/utils.js';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signingInput } from '../../protocol/ipc-contract';
import type { RecordingMode } from '../../protocol/ipc-contract';
import { CONSENT_MAX_AGE_MS, consentStatementFor, encodeConsent, encodeRequest, signConsent } from '../../protocol/recording/consent';
import type { ConsentStatement, RecordingRequest } from '../../protocol/recording/consent';
import { nodeProvider as provider } from '../crypto/node-provider';
import { IpcRefusal } from '../ipc/dispatch';
import { createTestSealer } from '../keystore/passphrase-sealer';
import { Vault } from '../vault/vault';
import { DAY_MS } from './recorder';
import { fixedFolder } from './recording-folders';
import { RecordingsService } from './recordings-service';
import { verifyConsentExport } from '../../protocol/recording/consent-export';
import { openStream } from './sealed-stream';

const T0 = Date.UTC(2026, 10, 27, 12);
let dir: string;
let clock: number;
let mode: RecordingMode;
let retentionDays: number;
let exportTarget: string | null;
let service: RecordingsService;
let vault: Vault;

interface Person {
  seed: Uint8Array;
  key: Uint8Array;
}
async function person(fill: number): Promise<Person> {
  const seed = new Uint8Array(32).fill(fill);
  return { seed, key: await provider.ed25519PublicKey(seed) };
}
let recorder: Person;
let alice: Person;
let bob: Person;
let carol: Person;
const roomId = new Uint8Array(32).fill(0x33);
let nextId = 1;

function request(changes: Partial<RecordingRequest> = {}): RecordingRequest {
  return { recordingId: new Uint8Array(16).fill(nextId++), roomId, recorder: recorder.key, requestedAt: clock, retentionDays: 30, mode: 'consent-all', ...changes };
}

async function consent(by: Person, req: RecordingRequest, changes: Partial<ConsentStatement> = {}, signer = by.seed): Promise<Uint8Array> {
  const statement = { ...consentStatementFor(req, by.key, clock), ...changes };
  return encodeConsent(await signConsent((b) => provider.ed25519Sign(signer, signingInput('recording-consent', b)), statement));
}

async function refusal(run: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await run;
  } catch (error) {
    if (error instanceof IpcRefusal) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('not refused');
}

const recordingsDir = () => path.join(dir, 'recordings');
const folders = async () => readdir(recordingsDir()).catch(() => [] as string[]);

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'parley-recorder-'));
  clock = T0;
  mode = 'consent-all';
  retentionDays = 30;
  exportTarget = path.join(dir, 'out.webm');
  [recorder, alice, bob, carol] = await Promise.all([person(1), person(2), person(3), person(4)]);
  vault = await Vault.create(dir, createTestSealer());
  service = new RecordingsService({
    folders: fixedFolder(recordingsDir()),
    vault: async () => vault,
    identityKey: async () => recorder.key,
    policy: async () => ({ mode, retentionDays }),
    crypto: provider,
    now: () => clock,
    chooseExportPath: async () => exportTarget,
    sign: async (purpose, payload) => provider.ed25519Sign(recorder.seed, signingInput(purpose, payload)),
  });
});
afterEach(async () => {
  service.close();
  await rm(dir, { recursive: true, force: true });
});

describe('main refuses to record without valid consents', () => {
  it('starts when every participant signed, and keeps the receipts in the manifest', async () => {
    const req = request();
    const status = await service.recorder.start(encodeRequest(req), [alice.key, bob.key], [await consent(alice, req), await consent(bob, req)]);
    expect(status).toEqual({ id: bytesToHex(req.recordingId), state: 'recording', waitingFor: [], expiresAt: T0 + 30 * DAY_MS });
    const manifest = (await service.store.readManifest(status.id))!;
    expect(manifest.consents.map((c) => c.consenter)).toEqual([bytesToHex(alice.key), bytesToHex(bob.key)]);
    // A receipt is checkable again later, from the manifest alone.
    const receipt = manifest.consents[0]!;
    const again = await provider.ed25519Verify(alice.key, signingInput('recording-consent', Buffer.from(receipt.statement, 'hex')), Buffer.from(receipt.signature, 'hex'));
    expect(again).toBe(true);
    expect(manifest.participants.map((p) => p.identityKey)).toEqual([bytesToHex(alice.key), bytesToHex(bob.key)]);
  });

  it('refuses each bad consent with its own clear error, before any file exists', async () => {
    const req = request();
    const cases: [string, RegExp, Promise<Uint8Array[]>, number?][] = [
      ['consent-missing', /No consent from participant/, Promise.all([consent(alice, req)])],
      ['consent-bad-signature', /not signed by their identity key/, Promise.all([consent(alice, req), consent(bob, req, {}, carol.seed)])],
      ['consent-wrong-meeting', /another meeting/, Promise.all([consent(alice, req), consent(bob, req, { roomId: new Uint8Array(32).fill(0x34) })])],
      ['consent-wrong-recorder', /another recorder/, Promise.all([consent(alice, req), consent(bob, req, { recorder: carol.key })])],
      ['consent-wrong-recording', /another recording/, Promise.all([consent(alice, req), consent(bob, req, { recordingId: new Uint8Array(16) })])],
      ['consent-expired', /expired/, Promise.all([consent(alice, req), consent(bob, req, { consentedAt: clock - CONSENT_MAX_AGE_MS - 1 })])],
    ];
    for (const [code, message, made] of cases) {
      const error = await refusal(service.recorder.start(encodeRequest(req), [alice.key, bob.key], await made));
      expect(error.code).toBe(code);
      expect(error.message).toMatch(message);
    }
    expect(await folders()).toEqual([]);
  });

  it('refuses when recording is disabled, the request is stale or names another recorder', async () => {
    mode = 'disabled';
    const req = request();
    const consents = [await consent(alice, req)];
    expect((await refusal(service.recorder.start(encodeRequest(req), [alice.key], consents))).code).toBe('recording-disabled');
    mode = 'consent-all';
    expect((await refusal(service.recorder.start(encodeRequest({ ...req, recorder: carol.key }), [alice.key], consents))).code).toBe('not-the-recorder');
    clock += CONSENT_MAX_AGE_MS + 1;
    expect((await refusal(service.recorder.start(encodeRequest(req), [alice.key], consents))).code).toBe('request-expired');
    expect((await refusal(service.recorder.start(new Uint8Array(90), [alice.key], consents))).code).toBe('invalid-request');
    expect(await folders()).toEqual([]);
  });

  it('notify mode needs no consent', async () => {
    mode = 'notify';
    const status = await service.recorder.start(encodeRequest(request({ mode: 'notify' })), [alice.key], []);
    expect(status.state).toBe('recording');
  });

  it('refuses a request made under another mode than the policy, and consents to other terms (issue 16)', async () => {
    mode = 'notify';
    await expect(service.recorder.start(encodeRequest(request()), [alice.key], [])).rejects.toMatchObject({ code: 'request-mode' });
    mode = 'consent-all';
    await expect(service.recorder.start(encodeRequest(request({ mode: 'notify' })), [alice.key], [])).rejects.toMatchObject({ code: 'request-mode' });
    // Alice agreed to 7 days; the request says 30: her consent does not cover it.
    const req = request();
    await expect(service.recorder.start(encodeRequest(req), [alice.key], [await consent(alice, req, { retentionDays: 7 })])).rejects.toMatchObject({ code: 'consent-wrong-terms' });
    expect(await folders()).toEqual([]);
  });
});

describe('while recording', () => {
  it('a newcomer pauses it (chunks refused) until their consent; stop then export gives back the chunks', async () => {
    const req = request();
    const { id } = await service.recorder.start(encodeRequest(req), [alice.key], [await consent(alice, req)]);
    await service.recorder.appendChunk(id, new Uint8Array([1, 2]));
    const paused = await service.recorder.update(id, [alice.key, carol.key], []);
    expect(paused).toMatchObject({ state: 'paused', waitingFor: [bytesToHex(carol.key)] });
    expect((await refusal(service.recorder.appendChunk(id, new Uint8Array([3])))).code).toBe('recording-paused');
    clock += 60_000;
    expect((await refusal(service.recorder.update(id, [alice.key, carol.key], [await consent(carol, req, {}, bob.seed)]))).code).toBe('consent-bad-signature');
    const resumed = await service.recorder.update(id, [alice.key, carol.key], [await consent(carol, req)]);
    expect(resumed.state).toBe('recording');
    await service.recorder.appendChunk(id, new Uint8Array([4, 5, 6]));
    clock += 60_000;
    const summary = await service.recorder.stop(id);
    expect(summary).toMatchObject({ id, createdAt: T0, endedAt: T0 + 120_000, participants: 2 });

    const manifest = (await service.store.readManifest(id))!;
    expect(manifest.pauses).toEqual([{ at: T0, resumedAt: T0 + 60_000, waitingFor: [bytesToHex(carol.key)] }]);
    const media = new Uint8Array(await readFile(await service.store.mediaPath(id)));
    expect(summary.sizeBytes).toBe(media.length);
    expect((await refusal(service.recorder.appendChunk(id, new Uint8Array([7])))).code).toBe('recording-not-active');

    expect(await service.export(id)).toEqual({ path: exportTarget, bytes: 5, complete: true });
    expect(new Uint8Array(await readFile(exportTarget!))).toEqual(new Uint8Array([1, 2, 4, 5, 6]));
    exportTarget = null;
    expect(await service.export(id)).toBeNull();
  });

  it('listing while the recorder rewrites the manifest never disturbs either', async () => {
    const req = request();
    const { id } = await service.recorder.start(encodeRequest(req), [alice.key], [await consent(alice, req)]);
    for (let i = 0; i < 20; i++) {
      const [status, listed] = await Promise.all([service.recorder.update(id, i % 2 ? [alice.key, carol.key] : [alice.key], []), service.list(), service.list()]);
      expect(status.state).toBe(i % 2 ? 'paused' : 'recording');
      expect(listed.map((r) => r.id)).toEqual([id]);
    }
    expect((await service.recorder.stop(id)).endedAt).toBe(clock);
  });

  it('a policy switched to disabled stops the recording at the next chunk', async () => {
    const req = request();
    const { id } = await service.recorder.start(encodeRequest(req), [alice.key], [await consent(alice, req)]);
    await service.recorder.appendChunk(id, new Uint8Array([1]));
    mode = 'disabled';
    expect((await refusal(service.recorder.appendChunk(id, new Uint8Array([2])))).code).toBe('recording-disabled');
    expect(service.recorder.activeId).toBeNull();
    const key = await service.store.readKey(id);
    expect(openStream(key, new Uint8Array(await readFile(await service.store.mediaPath(id))), 'strict').chunks).toEqual([new Uint8Array([1])]);
  });

  it('after a crash (no end mark) the recording still lists and exports what was written', async () => {
    const req = request();
    const { id } = await service.recorder.start(encodeRequest(req), [alice.key], [await consent(alice, req)]);
    await service.recorder.appendChunk(id, new Uint8Array([9, 9]));
    service.recorder.abandon();
    const [listed] = await service.list();
    expect(listed).toMatchObject({ id, endedAt: null });
    expect(await service.export(id)).toMatchObject({ bytes: 2, complete: false });
  });
});

describe('consent receipts export (PROTOCOL.md §12.6)', () => {
  it('writes one file, signed by the recorder, that verifies offline with every consent and pause', async () => {
    const req = request();
    const { id } = await service.recorder.start(encodeRequest(req), [alice.key], [await consent(alice, req)]);
    expect((await refusal(service.exportConsents(id))).code).toBe('recording-active');
    await service.recorder.update(id, [alice.key, carol.key], []);
    clock += 60_000;
    await service.recorder.update(id, [alice.key, carol.key], [await consent(carol, req)]);
    await service.recorder.stop(id);
    exportTarget = path.join(dir, 'consents.json');
    expect(await service.exportConsents(id)).toEqual({ path: exportTarget, consents: 2 });
    const text = await readFile(exportTarget, 'utf8');
    const report = await verifyConsentExport(provider, text);
    expect(report).toMatchObject({ valid: true, recorderSignatureValid: true, withoutConsent: [], exportedAt: clock });
    expect(report.recording).toMatchObject({ id, recorder: bytesToHex(recorder.key), mode: 'consent-all', retentionDays: 30, requestedAt: T0 });
    expect(report.consents.map((c) => [c.consenter, c.verdict])).toEqual([
      [bytesToHex(alice.key), { ok: true, consentedAt: T0 }],
      [bytesToHex(carol.key), { ok: true, consentedAt: T0 + 60_000 }],
    ]);
    expect(report.pauses).toEqual([{ at: T0, resumedAt: T0 + 60_000, waitingFor: [bytesToHex(carol.key)] }]);
    exportTarget = null;
    expect(await service.exportConsents(id)).toBeNull();
    expect((await refusal(service.exportConsents('ab'.repeat(16)))).code).toBe('recording-not-found');
  });
});

describe('library', () => {
  async function record(days: number): Promise<string> {
    retentionDays = days;
    const req = request({ retentionDays: 365 });
    const { id } = await service.recorder.start(encodeRequest(req), [alice.key], [await consent(alice, req)]);
    await service.recorder.appendChunk(id, new Uint8Array([1]));
    await service.recorder.stop(id);
    return id;
  }

  it('retention deletes exactly the expired recordings', async () => {
    const short = await record(1);
    const medium = await record(3);
    const long = await record(30);
    expect((await service.list()).map((r) => r.id).sort()).toEqual([short, medium, long].sort());
    clock = T0 + 3 * DAY_MS - 1;
    expect(await service.sweep()).toEqual([short]);
    clock = T0 + 3 * DAY_MS;
    expect(await service.sweep()).toEqual([medium]);
    expect(await folders()).toEqual([long]);
  });

  it('uses the shorter of the policy retention and the one participants were told', async () => {
    retentionDays = 30;
    const req = request({ retentionDays: 2 });
    const status = await service.recorder.start(encodeRequest(req), [alice.key], [await consent(alice, req)]);
    expect(status.expiresAt).toBe(T0 + 2 * DAY_MS);
  });

  it('delete removes the key and the whole folder', async () => {
    const id = await record(30);
    expect(await readdir(path.join(recordingsDir(), id))).toEqual(expect.arrayContaining(['key.sealed', 'media.prec', 'manifest.sealed']));
    await service.delete(id);
    expect(await folders()).toEqual([]);
    expect((await refusal(service.export(id))).code).toBe('recording-not-found');
  });
});
