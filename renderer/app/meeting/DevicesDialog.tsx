// Camera, microphone and speaker during the call: the same pickers as on pre-join and in
// Settings (they write the settings, so the choice is remembered); useLiveDevices() carries a
// changed camera or microphone into the running call, and says when a device went away.
import { useEffect, useRef } from 'react';
import { useCallStore } from '../../call/call-store';
import { useT } from '../../i18n/use-t';
import { Modal } from '../../ui/Modal';
import { runIntent } from '../call-intents';
import { DeviceSettings } from '../prejoin/DeviceSettings';
import { useMediaDevices } from '../prejoin/use-media-devices';
import { useSettingsStore } from '../settings-store';
import { useUiStore } from '../ui-store';

export function DevicesDialog() {
  const t = useT();
  const { devices } = useMediaDevices();
  const close = () => useUiStore.getState().setDevicesOpen(false);
  return (
    <Modal title={t('devices.title')} onClose={close}>
      <p className="muted small">{t('devices.liveHint')}</p>
      <DeviceSettings devices={devices} />
      <div className="button-row end">
        <button type="button" className="button primary" onClick={close}>{t('common.close')}</button>
      </div>
    </Modal>
  );
}

/** While the call screen shows: a camera or microphone chosen in settings replaces the one in use. */
export function useLiveDevices(): void {
  const cameraId = useSettingsStore((s) => s.settings.cameraId);
  const microphoneId = useSettingsStore((s) => s.settings.microphoneId);
  const fallback = useCallStore((s) => s.deviceFallback);
  const joined = useRef({ cameraId, microphoneId });
  useEffect(() => {
    const previous = joined.current;
    joined.current = { cameraId, microphoneId };
    const failed = () => useUiStore.getState().pushToast({ tone: 'error', key: 'devices.switchFailed' });
    if (cameraId !== previous.cameraId) void runIntent((c) => c.switchDevice('video', cameraId).catch(failed));
    if (microphoneId !== previous.microphoneId) void runIntent((c) => c.switchDevice('audio', microphoneId).catch(failed));
  }, [cameraId, microphoneId]);
  useEffect(() => {
    if (fallback) useUiStore.getState().pushToast({ tone: 'warning', key: fallback.kind === 'audio' ? 'devices.fallbackAudio' : 'devices.fallbackVideo' });
  }, [fallback]);
}
