// The pre-join choices, carried into the call:
// - start muted: as soon as the engine has opened local media for a join (before any peer
//   connection exists), the UI mutes through the CallController, so nothing leaks unmuted;
// - devices: withPreferredDevices() adds the chosen camera/microphone to the engine's
//   getUserMedia constraints (renderer/call/start-engine.ts wires it).
import { useCallStore } from '../call/call-store';
import { runIntent } from './call-intents';
import { useSettingsStore } from './settings-store';

export function applyStartMutedOnJoin(): () => void {
  return useCallStore.subscribe((next, prev) => {
    if (!next.self.stream || prev.self.stream) return;
    const { startAudioMuted, startVideoMuted } = useSettingsStore.getState().settings;
    if (startAudioMuted && !next.self.audioMuted) void runIntent((c) => c.setMicMuted(true));
    if (startVideoMuted && !next.self.videoMuted) void runIntent((c) => c.setCameraMuted(true));
  });
}

function withDevice(track: boolean | MediaTrackConstraints | undefined, deviceId: string | null): boolean | MediaTrackConstraints | undefined {
  if (!track || !deviceId) return track;
  // "ideal", not "exact": a camera unplugged since pre-join falls back to another, not to failure.
  return { ...(track === true ? {} : track), deviceId: { ideal: deviceId } };
}

export function withPreferredDevices(constraints: MediaStreamConstraints): MediaStreamConstraints {
  const { cameraId, microphoneId } = useSettingsStore.getState().settings;
  return { ...constraints, audio: withDevice(constraints.audio, microphoneId), video: withDevice(constraints.video, cameraId) };
}
