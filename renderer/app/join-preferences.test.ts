import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { initialCallState, registerCallController, useCallStore } from '../call/call-store';
import type { CallController } from '../call/call-store';
import { applyStartMutedOnJoin, withPreferredDevices } from './join-preferences';
import { DEFAULT_SETTINGS, useSettingsStore } from './settings-store';

const controller = { setMicMuted: vi.fn(), setCameraMuted: vi.fn() };
const stream = {} as MediaStream;

beforeEach(() => {
  Object.values(controller).forEach((f) => f.mockClear());
  registerCallController(controller as unknown as CallController);
  useCallStore.setState(initialCallState, true);
  useSettingsStore.setState({ settings: { ...DEFAULT_SETTINGS }, managed: {} });
});
afterEach(() => registerCallController(null));

describe('applyStartMutedOnJoin', () => {
  it('mutes as soon as local media opens, when the person chose to start muted', async () => {
    useSettingsStore.getState().update({ startAudioMuted: true, startVideoMuted: true });
    const stop = applyStartMutedOnJoin();
    useCallStore.setState({ phase: 'joining' });
    expect(controller.setMicMuted).not.toHaveBeenCalled();
    useCallStore.setState((s) => ({ self: { ...s.self, stream } }));
    await vi.waitFor(() => expect(controller.setMicMuted).toHaveBeenCalledWith(true));
    expect(controller.setCameraMuted).toHaveBeenCalledWith(true);
    // Unmuting later in the call is the person's choice and stays.
    useCallStore.setState((s) => ({ self: { ...s.self, audioMuted: false, videoMuted: false } }));
    expect(controller.setMicMuted).toHaveBeenCalledTimes(1);
    stop();
  });

  it('leaves the microphone and camera on otherwise', async () => {
    const stop = applyStartMutedOnJoin();
    useCallStore.setState((s) => ({ self: { ...s.self, stream } }));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(controller.setMicMuted).not.toHaveBeenCalled();
    expect(controller.setCameraMuted).not.toHaveBeenCalled();
    stop();
  });
});

describe('withPreferredDevices', () => {
  it('asks for the chosen devices, keeping the engine’s own constraints', () => {
    useSettingsStore.getState().update({ cameraId: 'cam-2', microphoneId: 'mic-1' });
    expect(withPreferredDevices({ audio: true, video: { width: 640, height: 480 } })).toEqual({
      audio: { deviceId: { ideal: 'mic-1' } },
      video: { width: 640, height: 480, deviceId: { ideal: 'cam-2' } },
    });
  });

  it('changes nothing for the system default or a track that is off', () => {
    expect(withPreferredDevices({ audio: true, video: { width: 320 } })).toEqual({ audio: true, video: { width: 320 } });
    useSettingsStore.getState().update({ cameraId: 'cam-2' });
    expect(withPreferredDevices({ audio: true, video: false })).toEqual({ audio: true, video: false });
  });
});
