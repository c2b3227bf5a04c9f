// Connects the recording controller to the call engine and the call store for this window.
import type { ParleyApi } from '../../../protocol/ipc-contract';
import { useCallStore } from '../call-store';
import type { CallEngine } from '../engine/call-engine';
import type { ComposeOptions } from './composed-recorder';
import { DEFAULT_COMPOSE, composeOptionsFor, startComposedRecording } from './composed-recorder';
import { RecordingController } from './recording-controller';

let controller: RecordingController | null = null;

/** The UI calls recordingController() for record, stop, allow, decline and withdraw. */
export function recordingController(): RecordingController {
  if (!controller) throw new Error('Recording is not running');
  return controller;
}

function callStreams(): MediaStream[] {
  const state = useCallStore.getState();
  const others = state.order.map((id) => state.participants[id]?.stream ?? null);
  return [state.self.stream, ...others].filter((s): s is MediaStream => s !== null);
}

export function startRecordingController(engine: CallEngine, api: ParleyApi, compose: ComposeOptions = DEFAULT_COMPOSE): RecordingController {
  const next = new RecordingController({
    api,
    randomBytes: (n) => crypto.getRandomValues(new Uint8Array(n)),
    getState: () => useCallStore.getState(),
    setState: (partial) => useCallStore.setState(partial),
    roomId: () => engine.currentRoomId(),
    send: (id, body) => engine.sendRecording(id, body),
    // Size and bitrate come from the settings (Settings → Recordings); the rest from `compose`.
    startMedia: (onChunk, quality) => startComposedRecording(callStreams, onChunk, composeOptionsFor(quality, compose)),
    now: () => Date.now(),
  });
  engine.setRecordingPort({ onRecordingMessage: (from, body) => next.onMessage(from, body) });
  useCallStore.subscribe((state, previous) => {
    if (state.order !== previous.order || state.participants !== previous.participants) {
      const ids = (s: typeof state) => s.order.filter((id) => s.participants[id]).join();
      if (ids(state) !== ids(previous)) void next.participantsChanged();
    }
    if (state.phase !== previous.phase) {
      if (state.phase === 'in-call') void next.refreshAvailability().catch(() => undefined);
      if (previous.phase === 'in-call') void next.callEnded();
    }
  });
  controller = next;
  return next;
}
