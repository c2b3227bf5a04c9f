// The three device pickers, bound to settings, and the speaker's test sound (used on pre-join and in Settings).
import { useSettingsStore } from '../settings-store';
import { DevicePicker } from './DevicePicker';
import { SpeakerTest } from './SpeakerTest';
import type { DeviceLists } from './use-media-devices';

export function DeviceSettings({ devices }: { devices: DeviceLists }) {
  const cameraId = useSettingsStore((s) => s.settings.cameraId);
  const microphoneId = useSettingsStore((s) => s.settings.microphoneId);
  const speakerId = useSettingsStore((s) => s.settings.speakerId);
  const update = useSettingsStore((s) => s.update);
  return (
    <>
      <DevicePicker labelKey="devices.camera" unnamedKey="devices.unnamedCamera" devices={devices.cameras} value={cameraId} onChange={(id) => update({ cameraId: id })} />
      <DevicePicker labelKey="devices.microphone" unnamedKey="devices.unnamedMicrophone" devices={devices.microphones} value={microphoneId} onChange={(id) => update({ microphoneId: id })} />
      <DevicePicker labelKey="devices.speaker" unnamedKey="devices.unnamedSpeaker" devices={devices.speakers} value={speakerId} onChange={(id) => update({ speakerId: id })} />
      <SpeakerTest />
    </>
  );
}
