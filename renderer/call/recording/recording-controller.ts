// The consent flow in the renderer (PROTOCOL.md §12; DESIGN.md "Recording"), on both sides.
//
// Recorder: "record" sends a request (meeting, our identity key, time, random id) to every
// participant over the pairwise ratchet. In consent-all mode main opens the writer only when a
// signed consent from everyone present has arrived (main checks every signature again). A
// newcomer gets the request too and the recording pauses until they consent; a decline from a
// newcomer, or a withdrawn consent, stops it. The recorder tells everyone the status, so all
// see the indicator.
// Participant: a request shows the consent dialog; "allow" signs the statement through main
// (purpose 'recording-consent') and sends it back; "decline" says so. A consent can be withdrawn.
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { ProtocolError } from '../../../protocol/errors';
import type { ParleyApi, RecordingMode, RecordingResolution } from '../../../protocol/ipc-contract';
import type { RecordingRequest, SignedConsent } from '../../../protocol/recording/consent';
import { consentStatementFor, encodeConsent, encodeRequest, signConsent, RECORDING_ID_LENGTH } from '../../../protocol/recording/consent';
import type { RecordingStatus } from '../../../protocol/recording/messages';
import { decodeRecordingMessage, encodeRecordingMessage } from '../../../protocol/recording/messages';
import type { RecordingMessage } from '../../../protocol/recording/messages';
import type { CallState, RecordingView } from '../call-store';

/** The media side: the composed call into MediaRecorder (composed-recorder.ts; a fake in tests). */
export interface MediaRecording {
  /** Chunks arrive through onChunk in order; each call must be awaited before the next is sent. */
  pause(): Promise<void>;
  resume(): void;
  /** Resolves after the last chunk was handed to onChunk. */
  stop(): Promise<void>;
}

/** The recording's size and video bitrate, from the settings when the person pressed record. */
export interface RecordingQuality {
  resolution: RecordingResolution;
  bitrateKbps: number;
}

export type StartMedia = (onChunk: (chunk: Blob | Uint8Array) => void, quality: RecordingQuality) => MediaRecording;

export interface RecordingControllerDeps {
  api: Pick<ParleyApi, 'sign' | 'startRecording' | 'updateRecording' | 'appendRecordingChunk' | 'stopRecording' | 'getEffectiveSettings'>;
  randomBytes(length: number): Uint8Array;
  /** The call store (read for participants and self; written for the recording view). */
  getState(): CallState;
  setState(partial: Partial<CallState>): void;
  roomId(): Uint8Array | null;
  send(id: string, body: Uint8Array): Promise<void>;
  startMedia: StartMedia;
  now(): number;
}

interface Recording {
  request: RecordingRequest;
  id: string;
  mode: RecordingMode;
  /** Participants (hex) the request went to. */
  asked: Set<string>;
  consents: Map<string, SignedConsent>;
  /** Consents main has not seen yet. */
  unsent: Set<string>;
  started: boolean;
  status: 'waiting' | 'recording' | 'paused';
  media: MediaRecording | null;
  quality: RecordingQuality;
  /**
   * Chunks main refused because it paused first: recorded before the pause (MediaRecorder was
   * paused), so they go to main, in order, as soon as it resumes.
   */
  held: Uint8Array[];
  /** Every main call and chunk in order, so chunks never overtake a pause. */
  queue: Promise<unknown>;
  ending: boolean;
}

const short = (hex: string) => hex.slice(0, 8);

export class RecordingController {
  private mine: Recording | null = null;
  /** Requests we were asked, by recording id, so a consent names what the recorder sent. */
  private readonly received = new Map<string, { from: string; request: RecordingRequest }>();

  constructor(private readonly deps: RecordingControllerDeps) {}

  // ---- state helpers -------------------------------------------------------------------------

  private view(): RecordingView {
    return this.deps.getState().recording;
  }

  private setView(changes: Partial<RecordingView>): void {
    this.deps.setState({ recording: { ...this.view(), ...changes } });
  }

  private present(): string[] {
    const state = this.deps.getState();
    return state.order.filter((id) => state.participants[id] !== undefined);
  }

  private nameOf(id: string): string {
    return this.deps.getState().participants[id]?.displayName || short(id);
  }

  /** Reads the policy: whether the record button is offered. */
  async refreshAvailability(): Promise<RecordingMode> {
    const mode = (await this.deps.api.getEffectiveSettings()).recordingMode.value;
    this.setView({ available: mode !== 'disabled' });
    return mode;
  }

  // ---- the recorder's side -------------------------------------------------------------------

  async start(): Promise<void> {
    const roomId = this.deps.roomId();
    const self = this.deps.getState().self.peerId;
    if (this.mine || !roomId || !self) return;
    const settings = await this.deps.api.getEffectiveSettings();
    const mode = settings.recordingMode.value;
    if (mode === 'disabled') {
      this.setView({ available: false, notice: { kind: 'refused', detail: 'recording-disabled' } });
      return;
    }
    const request: RecordingRequest = {
      recordingId: this.deps.randomBytes(RECORDING_ID_LENGTH),
      roomId,
      recorder: hexToBytes(self),
      requestedAt: this.deps.now(),
      retentionDays: settings.retentionDays.value,
      // What participants are asked under; their consent names it (PROTOCOL.md §12.1).
      mode,
    };
    const recording: Recording = {
      request, id: bytesToHex(request.recordingId), mode, asked: new Set(), consents: new Map(), unsent: new Set(),
      started: false, status: 'waiting', media: null, held: [], queue: Promise.resolve(), ending: false,
      quality: { resolution: settings.recordingResolution.value, bitrateKbps: settings.recordingBitrateKbps.value },
    };
    this.mine = recording;
    this.setView({ notice: null, active: { recordingId: recording.id, recorderId: 'self', recorderName: this.deps.getState().self.displayName, status: 'waiting', consented: true } });
    await this.participantsChanged();
  }

  async stop(notice: RecordingView['notice'] = null): Promise<void> {
    const recording = this.mine;
    if (!recording || recording.ending) return;
    recording.ending = true;
    const media = recording.media;
    await media?.stop();
    await this.serial(recording, async () => {
      if (recording.started) await this.deps.api.stopRecording(recording.id).catch(() => undefined);
    });
    this.mine = null;
    this.setView({ active: null, notice });
    await this.broadcast(recording, 'stopped', recording.asked);
  }

  /** Called when the call's participants change: ask newcomers, and pause or resume. */
  async participantsChanged(): Promise<void> {
    const recording = this.mine;
    if (!recording || recording.ending) return;
    const present = this.present();
    const newcomers = present.filter((id) => !recording.asked.has(id));
    for (const id of newcomers) recording.asked.add(id);
    if (recording.mode === 'notify') {
      if (!recording.started) await this.begin(recording);
      await this.broadcast(recording, recording.status, new Set(newcomers));
      return;
    }
    const request = encodeRecordingMessage({ kind: 'request', request: recording.request });
    await Promise.allSettled(newcomers.map((id) => this.deps.send(id, request)));
    await this.reconcile(recording);
  }

  onConsent(from: string, consent: SignedConsent): void {
    const recording = this.mine;
    if (!recording || bytesToHex(consent.statement.recordingId) !== recording.id || bytesToHex(consent.statement.consenter) !== from) return;
    recording.consents.set(from, consent);
    recording.unsent.add(from);
    void this.reconcile(recording);
  }

  /** Decides, from who is present and who consented, whether to start, pause or resume. */
  private async reconcile(recording: Recording): Promise<void> {
    if (recording.ending) return;
    const present = this.present();
    const everyoneConsented = present.every((id) => recording.consents.has(id));
    if (!recording.started) {
      if (everyoneConsented) await this.begin(recording);
      return;
    }
    const wasPaused = recording.status === 'paused';
    if (!everyoneConsented && !wasPaused) await recording.media?.pause();
    const consents = [...recording.unsent].map((id) => recording.consents.get(id)!).map(encodeConsent);
    recording.unsent.clear();
    const status = await this.serial(recording, () => this.deps.api.updateRecording(recording.id, present.map(hexToBytes), consents));
    if (!status || recording.ending) return;
    if (status.state === 'recording' && wasPaused) {
      await this.serial(recording, async () => {
        for (const chunk of recording.held.splice(0)) await this.deps.api.appendRecordingChunk(recording.id, chunk);
      });
      recording.media?.resume();
    }
    if (status.state === 'paused' && !wasPaused && everyoneConsented) await recording.media?.pause();
    this.setStatus(recording, status.state);
  }

  private async begin(recording: Recording): Promise<void> {
    const present = this.present();
    const consents = present.map((id) => recording.consents.get(id)).filter((c) => c !== undefined).map(encodeConsent);
    recording.started = true;
    recording.unsent.clear();
    try {
      await this.deps.api.startRecording(encodeRequest(recording.request), present.map(hexToBytes), consents);
    } catch (error) {
      recording.started = false;
      recording.ending = true;
      this.mine = null;
      this.setView({ active: null, notice: { kind: 'refused', detail: (error as Error).message } });
      await this.broadcast(recording, 'stopped', recording.asked);
      return;
    }
    recording.media = this.deps.startMedia((chunk) => {
      void this.serial(recording, async () => {
        const bytes = chunk instanceof Uint8Array ? chunk : new Uint8Array(await chunk.arrayBuffer());
        if (bytes.length === 0) return;
        if (recording.held.length > 0) return void recording.held.push(bytes);
        try {
          await this.deps.api.appendRecordingChunk(recording.id, bytes);
        } catch (error) {
          if ((error as { code?: unknown }).code !== 'recording-paused') throw error;
          recording.held.push(bytes);
        }
      });
    }, recording.quality);
    this.setStatus(recording, 'recording');
  }

  private setStatus(recording: Recording, status: 'recording' | 'paused'): void {
    recording.status = status;
    const active = this.view().active;
    if (active && active.recordingId === recording.id) this.setView({ active: { ...active, status } });
    void this.broadcast(recording, status, recording.asked);
  }

  /** Runs main calls in order; a refusal (the policy turned recording off, for one) stops the recording. */
  private serial<T>(recording: Recording, run: () => Promise<T>): Promise<T | null> {
    const next = recording.queue.then(run).catch((error: unknown) => {
      if (!recording.ending) void this.stop({ kind: 'refused', detail: (error as Error).message });
      return null;
    });
    recording.queue = next;
    return next;
  }

  private async broadcast(recording: Recording, status: RecordingStatus, to: Set<string>): Promise<void> {
    const body = encodeRecordingMessage({ kind: 'status', recordingId: recording.request.recordingId, status });
    await Promise.allSettled([...to].filter((id) => this.deps.getState().participants[id]).map((id) => this.deps.send(id, body)));
  }

  // ---- messages from others -------------------------------------------------------------------

  onMessage(from: string, body: Uint8Array): void {
    let message: RecordingMessage;
    try {
      message = decodeRecordingMessage(body);
    } catch (error) {
      if (error instanceof ProtocolError) return; // malformed: dropped like any bad payload
      throw error;
    }
    switch (message.kind) {
      case 'request':
        return this.onRequest(from, message.request);
      case 'consent':
        return this.onConsent(from, message.consent);
      case 'decline':
      case 'withdraw':
        if (this.mine && bytesToHex(message.recordingId) === this.mine.id) {
          void this.stop({ kind: message.kind === 'decline' ? 'declined' : 'withdrawn', name: this.nameOf(from) });
        }
        return;
      case 'status':
        return this.onStatus(from, bytesToHex(message.recordingId), message.status);
    }
  }

  private onRequest(from: string, request: RecordingRequest): void {
    const roomId = this.deps.roomId();
    // Only the recorder itself may ask, and only for this meeting.
    if (!roomId || bytesToHex(request.recorder) !== from || bytesToHex(request.roomId) !== bytesToHex(roomId)) return;
    const id = bytesToHex(request.recordingId);
    this.received.set(id, { from, request });
    this.setView({ consentRequest: { recordingId: id, recorderId: from, recorderName: this.nameOf(from), retentionDays: request.retentionDays } });
  }

  private onStatus(from: string, recordingId: string, status: RecordingStatus): void {
    const active = this.view().active;
    if (status === 'stopped') {
      if (active?.recorderId === from) this.setView({ active: null });
      const pending = this.view().consentRequest;
      if (pending?.recordingId === recordingId) this.setView({ consentRequest: null });
      this.received.delete(recordingId);
      return;
    }
    // 'waiting' needs no indicator: the request itself shows the dialog.
    if (status === 'waiting') return;
    const consented = active?.recordingId === recordingId ? active.consented : false;
    this.setView({ active: { recordingId, recorderId: from, recorderName: this.nameOf(from), status, consented } });
  }

  // ---- the participant's answers -------------------------------------------------------------

  async answer(accept: boolean): Promise<void> {
    const pending = this.view().consentRequest;
    if (!pending) return;
    this.setView({ consentRequest: null });
    const asked = this.received.get(pending.recordingId);
    const self = this.deps.getState().self.peerId;
    if (!asked || !self) return;
    if (!accept) {
      await this.deps.send(asked.from, encodeRecordingMessage({ kind: 'decline', recordingId: asked.request.recordingId }));
      return;
    }
    const statement = consentStatementFor(asked.request, hexToBytes(self), this.deps.now());
    const consent = await signConsent((bytes) => this.deps.api.sign('recording-consent', bytes), statement);
    const active = this.view().active;
    const status = active?.recordingId === pending.recordingId ? active.status : 'waiting';
    this.setView({ active: { recordingId: pending.recordingId, recorderId: asked.from, recorderName: pending.recorderName, status, consented: true } });
    await this.deps.send(asked.from, encodeRecordingMessage({ kind: 'consent', consent }));
  }

  async withdraw(): Promise<void> {
    const active = this.view().active;
    const asked = active ? this.received.get(active.recordingId) : undefined;
    if (!active || !asked || active.recorderId === 'self') return;
    this.setView({ active: { ...active, consented: false } });
    await this.deps.send(asked.from, encodeRecordingMessage({ kind: 'withdraw', recordingId: asked.request.recordingId }));
  }

  /** Leaving the call ends our recording and forgets the others'. */
  async callEnded(): Promise<void> {
    await this.stop();
    this.received.clear();
  }
}
