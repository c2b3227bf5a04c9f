// The main process's side of recording (DESIGN.md "Recording"; PROTOCOL.md §12): the rule-keeper.
// The renderer composes the call and hands over MediaRecorder chunks, but only main opens the
// writer, and only after it has checked the policy and, in consent-all mode, a valid signed
// consent from every participant the renderer says is present. A newcomer without consent
// pauses the recording (chunks are refused) until its consent arrives. So a buggy or
// compromised renderer cannot record through main without the participants' signatures.
import { bytesToHex } from '@noble/hashes/utils.js';
import { randomBytes } from 'node:crypto';
import type { CryptoProvider } from '../../protocol/crypto/provider';
import { ProtocolError } from '../../protocol/errors';
import type { RecordingMode, RecordingSessionStatus, RecordingSummary } from '../../protocol/ipc-contract';
import type { RecordingRequest, SignedConsent } from '../../protocol/recording/consent';
import { CONSENT_MAX_AGE_MS, CLOCK_SKEW_MS, consentProblem, decodeConsent, decodeRequest } from '../../protocol/recording/consent';
import { IpcRefusal } from '../ipc/dispatch';
import type { RecordingManifest } from './manifest';
import { MANIFEST_VERSION } from './manifest';
import type { RecordingStore, StoredRecording } from './recording-store';
import { StreamWriter } from './stream-writer';

export const DAY_MS = 86_400_000;

export interface RecordingPolicy {
  mode: RecordingMode;
  retentionDays: number;
}

export interface RecorderOptions {
  store: RecordingStore;
  crypto: CryptoProvider;
  /** Our identity public key: the only recorder main will open a writer for. */
  identityKey: () => Promise<Uint8Array>;
  /** Effective settings (admin policy > user > defaults). */
  policy: () => Promise<RecordingPolicy>;
  now: () => number;
}

interface Active {
  request: RecordingRequest;
  manifest: RecordingManifest;
  writer: StreamWriter;
  /** Identity keys (hex) present now, other than ours. */
  present: Set<string>;
  /** Consents main verified, by consenter (hex). */
  consented: Set<string>;
}

const short = (hex: string) => `${hex.slice(0, 8)}…`;

export class Recorder {
  private active: Active | null = null;
  /** One operation at a time: chunks must reach the file in the order they were sent. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: RecorderOptions) {}

  get activeId(): string | null {
    return this.active?.manifest.id ?? null;
  }

  start(requestBytes: Uint8Array, participants: Uint8Array[], consents: Uint8Array[]): Promise<RecordingSessionStatus> {
    return this.serial(() => this.doStart(requestBytes, participants, consents));
  }

  /** The renderer reports who is present now, with any consents that arrived since. */
  update(id: string, participants: Uint8Array[], consents: Uint8Array[]): Promise<RecordingSessionStatus> {
    return this.serial(async () => {
      const active = this.require(id);
      const mode = await this.currentMode(active);
      const verified = await this.verifyConsents(active.request, participants, consents, mode, false);
      await this.admit(active, participants, verified);
      return this.status(active);
    });
  }

  appendChunk(id: string, chunk: Uint8Array): Promise<null> {
    return this.serial(async () => {
      const active = this.require(id);
      await this.currentMode(active);
      const status = this.status(active);
      if (status.state === 'paused') {
        throw new IpcRefusal('recording-paused', `Waiting for consent from ${status.waitingFor.map(short).join(', ')}`);
      }
      await active.writer.append(chunk);
      return null;
    });
  }

  stop(id: string): Promise<RecordingSummary> {
    return this.serial(async () => {
      const active = this.require(id);
      this.active = null;
      await active.writer.finish();
      active.manifest.endedAt = this.options.now();
      closePause(active.manifest, active.manifest.endedAt);
      await this.options.store.writeManifest(active.manifest);
      return summaryOf({ manifest: active.manifest, sizeBytes: active.writer.size });
    });
  }

  /** Closes the file without an end mark (erase everything, shutdown). */
  abandon(): void {
    this.active?.writer.abandon();
    this.active = null;
  }

  private async doStart(requestBytes: Uint8Array, participants: Uint8Array[], consents: Uint8Array[]): Promise<RecordingSessionStatus> {
    const { now, store } = this.options;
    const policy = await this.options.policy();
    if (policy.mode === 'disabled') throw new IpcRefusal('recording-disabled', 'Recording is turned off on this device');
    if (this.active) throw new IpcRefusal('recording-active', 'A recording is already running');
    const request = decodeOrRefuse(() => decodeRequest(requestBytes), 'invalid-request', 'The recording request is malformed');
    const self = await this.options.identityKey();
    if (bytesToHex(request.recorder) !== bytesToHex(self)) throw new IpcRefusal('not-the-recorder', 'The request names another recorder');
    const at = now();
    if (at - request.requestedAt > CONSENT_MAX_AGE_MS || request.requestedAt - at > CLOCK_SKEW_MS) {
      throw new IpcRefusal('request-expired', 'The recording request is too old; ask again');
    }
    // The mode a participant consented under is the recorder's policy now: a request made under
    // `notify` cannot open a recording that policy says needs everyone's consent (and vice versa).
    if (request.mode !== policy.mode) throw new IpcRefusal('request-mode', `The request was made under ${request.mode}; the policy now says ${policy.mode}`);
    const verified = await this.verifyConsents(request, participants, consents, policy.mode, true);

    // Every check passed: only now does a key exist and a file open.
    const id = bytesToHex(request.recordingId);
    const key = new Uint8Array(randomBytes(32));
    const retentionDays = Math.min(policy.retentionDays, request.retentionDays);
    const writer = await StreamWriter.create(await store.create(request.recordingId, key), key, request.recordingId);
    const manifest: RecordingManifest = {
      version: MANIFEST_VERSION,
      id,
      roomId: bytesToHex(request.roomId),
      recorder: bytesToHex(request.recorder),
      mode: policy.mode,
      requestedAt: request.requestedAt,
      startedAt: at,
      endedAt: null,
      retentionDays,
      expiresAt: at + retentionDays * DAY_MS,
      participants: [],
      consents: [],
      pauses: [],
    };
    const active: Active = { request, manifest, writer, present: new Set(), consented: new Set() };
    this.active = active;
    await this.admit(active, participants, verified);
    return this.status(active);
  }

  /**
   * Checks the consents (§12.3). At the start, consent-all needs one from every participant;
   * later, consents are optional (a missing one pauses the recording) but any given must be valid.
   */
  private async verifyConsents(request: RecordingRequest, participants: Uint8Array[], encoded: Uint8Array[], mode: RecordingMode, requireAll: boolean): Promise<SignedConsent[]> {
    const decoded = encoded.map((bytes) => decodeOrRefuse(() => decodeConsent(bytes), 'consent-invalid', 'A consent is malformed'));
    const self = bytesToHex(request.recorder);
    const verified: SignedConsent[] = [];
    for (const key of participants) {
      const hex = bytesToHex(key);
      if (hex === self) continue;
      const consent = decoded.find((c) => bytesToHex(c.statement.consenter) === hex);
      if (!consent) {
        if (requireAll && mode === 'consent-all') throw new IpcRefusal('consent-missing', `No consent from participant ${short(hex)}`);
        continue;
      }
      const problem = await consentProblem(this.options.crypto, consent, { request, consenter: key, now: this.options.now() });
      if (problem) throw new IpcRefusal(`consent-${problem}`, consentMessage(problem, hex));
      verified.push(consent);
    }
    return verified;
  }

  private async admit(active: Active, participants: Uint8Array[], consents: SignedConsent[]): Promise<void> {
    const at = this.options.now();
    const { manifest } = active;
    for (const consent of consents) {
      const hex = bytesToHex(consent.statement.consenter);
      if (active.consented.has(hex)) continue;
      active.consented.add(hex);
      manifest.consents.push({ consenter: hex, statement: bytesToHex(consent.bytes), signature: bytesToHex(consent.signature), verifiedAt: at });
    }
    active.present = new Set(participants.map(bytesToHex).filter((hex) => hex !== manifest.recorder));
    for (const hex of active.present) {
      if (!manifest.participants.some((p) => p.identityKey === hex)) manifest.participants.push({ identityKey: hex, joinedAt: at });
    }
    const waitingFor = this.status(active).waitingFor;
    const open = manifest.pauses.at(-1);
    if (waitingFor.length > 0 && (!open || open.resumedAt !== null)) manifest.pauses.push({ at, resumedAt: null, waitingFor });
    if (waitingFor.length === 0) closePause(manifest, at);
    await this.options.store.writeManifest(manifest);
  }

  private status(active: Active): RecordingSessionStatus {
    const waitingFor = active.manifest.mode === 'consent-all' ? [...active.present].filter((hex) => !active.consented.has(hex)) : [];
    return { id: active.manifest.id, state: waitingFor.length > 0 ? 'paused' : 'recording', waitingFor, expiresAt: active.manifest.expiresAt };
  }

  /** The policy may change while recording: turned off means stop now. */
  private async currentMode(active: Active): Promise<RecordingMode> {
    const { mode } = await this.options.policy();
    if (mode === 'disabled') {
      this.active = null;
      await active.writer.finish();
      active.manifest.endedAt = this.options.now();
      await this.options.store.writeManifest(active.manifest);
      throw new IpcRefusal('recording-disabled', 'Recording was turned off; the recording stopped');
    }
    return mode;
  }

  private require(id: string): Active {
    if (!this.active || this.active.manifest.id !== id) throw new IpcRefusal('recording-not-active', 'This recording is not running');
    return this.active;
  }

  private serial<T>(run: () => Promise<T>): Promise<T> {
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

function closePause(manifest: RecordingManifest, at: number): void {
  const open = manifest.pauses.at(-1);
  if (open && open.resumedAt === null) open.resumedAt = at;
}

function decodeOrRefuse<T>(decode: () => T, code: string, message: string): T {
  try {
    return decode();
  } catch (error) {
    if (error instanceof ProtocolError) throw new IpcRefusal(code, `${message}: ${error.message}`);
    throw error;
  }
}

function consentMessage(problem: string, hex: string): string {
  const who = `participant ${short(hex)}`;
  switch (problem) {
    case 'bad-signature':
      return `The consent of ${who} is not signed by their identity key`;
    case 'wrong-meeting':
      return `The consent of ${who} is for another meeting`;
    case 'wrong-recorder':
      return `The consent of ${who} is for another recorder`;
    case 'wrong-recording':
      return `The consent of ${who} is for another recording`;
    case 'wrong-participant':
      return `The consent given for ${who} was signed by someone else`;
    case 'wrong-terms':
      return `The consent of ${who} was given for another retention or recording mode`;
    case 'expired':
      return `The consent of ${who} has expired; ask again`;
    default:
      return `The consent of ${who} is dated in the future`;
  }
}

export function summaryOf({ manifest, sizeBytes }: StoredRecording): RecordingSummary {
  return {
    id: manifest.id,
    createdAt: manifest.startedAt,
    sizeBytes,
    expiresAt: manifest.expiresAt,
    endedAt: manifest.endedAt,
    participants: manifest.participants.length,
  };
}
