// @vitest-environment node
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { nobleProvider as provider } from '../../../protocol/crypto/noble-provider';
import type { EffectiveSettings, ParleyApi, RecordingMode, RecordingSessionStatus } from '../../../protocol/ipc-contract';
import { signingInput } from '../../../protocol/ipc-contract';
import { consentProblem, decodeConsent, decodeRequest } from '../../../protocol/recording/consent';
import type { RecordingRequest } from '../../../protocol/recording/consent';
import { initialCallState } from '../call-store';
import type { CallState, Participant } from '../call-store';
import { RecordingController } from './recording-controller';
import type { MediaRecording, RecordingQuality } from './recording-controller';

const roomId = new Uint8Array(32).fill(0x44);
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

/** A stand-in for the recorder's main process that checks consents as main does (§12.3). */
class FakeMain {
  request: RecordingRequest | null = null;
  consented = new Set<string>();
  present: string[] = [];
  chunks: number[] = [];
  stopped = false;
  calls: string[] = [];
  private status(): RecordingSessionStatus {
    const waitingFor = this.present.filter((p) => !this.consented.has(p));
    return { id: bytesToHex(this.request!.recordingId), state: waitingFor.length ? 'paused' : 'recording', waitingFor, expiresAt: 0 };
  }
  async verify(keys: Uint8Array[], consents: Uint8Array[]): Promise<void> {
    for (const bytes of consents) {
      const consent = decodeConsent(bytes);
      const problem = await consentProblem(provider, consent, { request: this.request!, consenter: consent.statement.consenter, now: Date.now() });
      if (problem) throw Object.assign(new Error(problem), { code: `consent-${problem}` });
      this.consented.add(bytesToHex(consent.statement.consenter));
    }
    this.present = keys.map(bytesToHex);
  }
  async start(request: Uint8Array, keys: Uint8Array[], consents: Uint8Array[]) {
    this.calls.push('start');
    this.request = decodeRequest(request);
    await this.verify(keys, consents);
    if (this.status().state === 'paused') throw Object.assign(new Error('missing'), { code: 'consent-missing' });
    return this.status();
  }
  async update(_id: string, keys: Uint8Array[], consents: Uint8Array[]) {
    this.calls.push('update');
    await this.verify(keys, consents);
    return this.status();
  }
  async append(_id: string, chunk: Uint8Array) {
    if (this.status().state === 'paused') throw Object.assign(new Error('paused'), { code: 'recording-paused' });
    this.chunks.push(chunk[0]!);
    return null;
  }
}

class FakeMedia implements MediaRecording {
  state: 'recording' | 'paused' | 'stopped' = 'recording';
  constructor(
    readonly emit: (chunk: Uint8Array) => void,
    readonly quality: RecordingQuality,
  ) {}
  async pause() {
    this.state = 'paused';
  }
  resume() {
    this.state = 'recording';
  }
  async stop() {
    this.state = 'stopped';
  }
}

interface Client {
  id: string;
  name: string;
  seed: Uint8Array;
  state: CallState;
  controller: RecordingController;
  main: FakeMain;
  media: FakeMedia | null;
}

async function meeting(names: string[], mode: RecordingMode = 'consent-all') {
  const clients: Client[] = [];
  const byId = new Map<string, Client>();
  for (const [i, name] of names.entries()) {
    const seed = new Uint8Array(32).fill(i + 1);
    const id = bytesToHex(await provider.ed25519PublicKey(seed));
    const main = new FakeMain();
    const client = { id, name, seed, main, media: null, state: { ...initialCallState, phase: 'in-call', self: { ...initialCallState.self, peerId: id, displayName: name } } } as unknown as Client;
    const settings = {
      recordingMode: { value: mode }, retentionDays: { value: 30 }, recordingResolution: { value: '720p' }, recordingBitrateKbps: { value: 2500 },
    } as EffectiveSettings;
    const api = {
      sign: (purpose, payload) => provider.ed25519Sign(seed, signingInput(purpose, payload)),
      startRecording: (r, k, c) => main.start(r, k, c),
      updateRecording: (id, k, c) => main.update(id, k, c),
      appendRecordingChunk: (id, chunk) => main.append(id, chunk),
      stopRecording: async () => {
        main.stopped = true;
        return { id: '', createdAt: 0, sizeBytes: 0, expiresAt: 0, endedAt: 0, participants: 0 };
      },
      getEffectiveSettings: async () => settings,
    } satisfies Partial<ParleyApi> as Pick<ParleyApi, 'sign' | 'startRecording' | 'updateRecording' | 'appendRecordingChunk' | 'stopRecording' | 'getEffectiveSettings'>;
    client.controller = new RecordingController({
      api,
      randomBytes: (n) => provider.randomBytes(n),
      getState: () => client.state,
      setState: (partial) => void (client.state = { ...client.state, ...partial }),
      roomId: () => roomId,
      send: async (to, body) => {
        if (client.state.participants[to]) setTimeout(() => byId.get(to)?.controller.onMessage(id, body), 1);
      },
      startMedia: (onChunk, quality) => (client.media = new FakeMedia(onChunk, quality)),
      now: () => Date.now(),
    });
    clients.push(client);
    byId.set(id, client);
  }
  return clients;
}

/** Everyone in `clients` sees everyone else in `clients` as a participant. */
async function connect(clients: Client[]): Promise<void> {
  for (const c of clients) {
    const others = clients.filter((o) => o !== c);
    c.state = {
      ...c.state,
      order: others.map((o) => o.id),
      participants: Object.fromEntries(others.map((o) => [o.id, { peerId: o.id, displayName: o.name, identityKeyHex: o.id } as Participant])),
    };
    await c.controller.participantsChanged();
  }
  await settle();
}

describe('recording consent flow', () => {
  it('consent-all: starts only after everyone allowed; everyone sees the indicator', async () => {
    const [ada, bob, cy] = await meeting(['Ada', 'Bob', 'Cy']);
    await connect([ada!, bob!, cy!]);
    await ada!.controller.start();
    await settle();
    expect(bob!.state.recording.consentRequest).toMatchObject({ recorderId: ada!.id, recorderName: 'Ada', retentionDays: 30 });
    await bob!.controller.answer(true);
    await settle();
    expect(ada!.main.calls).toEqual([]);
    expect(ada!.state.recording.active?.status).toBe('waiting');
    await cy!.controller.answer(true);
    await settle();
    await expect.poll(() => ada!.main.calls).toEqual(['start']);
    for (const c of [ada!, bob!, cy!]) await expect.poll(() => c.state.recording.active).toMatchObject({ status: 'recording', recorderName: 'Ada' });
    expect(bob!.state.recording.active?.consented).toBe(true);
    // The size and bitrate in the recorder's settings reach the media side.
    expect(ada!.media?.quality).toEqual({ resolution: '720p', bitrateKbps: 2500 });
  });

  it('a decline cancels before anything is recorded', async () => {
    const [ada, bob] = await meeting(['Ada', 'Bob']);
    await connect([ada!, bob!]);
    await ada!.controller.start();
    await settle();
    await bob!.controller.answer(false);
    await settle();
    expect(ada!.main.calls).toEqual([]);
    expect(ada!.state.recording).toMatchObject({ active: null, notice: { kind: 'declined', name: 'Bob' } });
  });

  it('a newcomer pauses the recording; chunks main refused meanwhile are sent, in order, after their consent', async () => {
    const [ada, bob, dan] = await meeting(['Ada', 'Bob', 'Dan']);
    await connect([ada!, bob!]);
    await ada!.controller.start();
    await settle();
    await bob!.controller.answer(true);
    await settle();
    ada!.media!.emit(new Uint8Array([1]));
    await connect([ada!, bob!, dan!]);
    expect(ada!.media!.state).toBe('paused');
    expect(ada!.state.recording.active?.status).toBe('paused');
    expect(bob!.state.recording.active?.status).toBe('paused');
    ada!.media!.emit(new Uint8Array([2])); // the last chunk from before the pause, after main paused
    await settle();
    expect(ada!.main.chunks).toEqual([1]);
    expect(dan!.state.recording.consentRequest?.recorderName).toBe('Ada');
    await dan!.controller.answer(true);
    await settle();
    expect(ada!.media!.state).toBe('recording');
    ada!.media!.emit(new Uint8Array([3]));
    await settle();
    expect(ada!.main.chunks).toEqual([1, 2, 3]);
    expect(dan!.state.recording.active?.status).toBe('recording');
  });

  it('a withdrawn consent stops it for everyone', async () => {
    const [ada, bob] = await meeting(['Ada', 'Bob']);
    await connect([ada!, bob!]);
    await ada!.controller.start();
    await settle();
    await bob!.controller.answer(true);
    await settle();
    await bob!.controller.withdraw();
    await settle();
    expect(ada!.main.stopped).toBe(true);
    expect(ada!.media!.state).toBe('stopped');
    expect(ada!.state.recording).toMatchObject({ active: null, notice: { kind: 'withdrawn', name: 'Bob' } });
    expect(bob!.state.recording.active).toBeNull();
  });

  it('policy disabled: the button is not offered and nothing is asked', async () => {
    const [ada, bob] = await meeting(['Ada', 'Bob'], 'disabled');
    await connect([ada!, bob!]);
    expect(await ada!.controller.refreshAvailability()).toBe('disabled');
    expect(ada!.state.recording.available).toBe(false);
    await ada!.controller.start();
    await settle();
    expect(bob!.state.recording.consentRequest).toBeNull();
    expect(ada!.main.calls).toEqual([]);
  });

  it('ignores a request that does not come from its recorder or names another meeting', async () => {
    const [ada, bob, cy] = await meeting(['Ada', 'Bob', 'Cy']);
    await connect([ada!, bob!, cy!]);
    await ada!.controller.start();
    await settle();
    // Cy forwards Ada's request as if it were its own, and Ada's request for another room.
    const request = { recordingId: new Uint8Array(16).fill(1), roomId, recorder: Uint8Array.from(Buffer.from(ada!.id, 'hex')), requestedAt: Date.now(), retentionDays: 1, mode: 'consent-all' as const };
    const { encodeRecordingMessage } = await import('../../../protocol/recording/messages');
    const fresh = await meeting(['Eve']);
    fresh[0]!.controller.onMessage(cy!.id, encodeRecordingMessage({ kind: 'request', request }));
    fresh[0]!.controller.onMessage(ada!.id, encodeRecordingMessage({ kind: 'request', request: { ...request, roomId: new Uint8Array(32) } }));
    expect(fresh[0]!.state.recording.consentRequest).toBeNull();
    fresh[0]!.controller.onMessage(ada!.id, encodeRecordingMessage({ kind: 'request', request }));
    expect(fresh[0]!.state.recording.consentRequest?.recorderId).toBe(ada!.id);
  });
});
