// A labelled <select> of one kind of device; "" means the system default.
import { useId } from 'react';
import { useT } from '../../i18n/use-t';
import type { MessageKey } from '../../i18n/i18n';

interface DevicePickerProps {
  labelKey: MessageKey;
  devices: readonly MediaDeviceInfo[];
  value: string | null;
  onChange(deviceId: string | null): void;
  /** Fallback name when the browser hides labels (before permission), e.g. "Camera {n}". */
  unnamedKey: MessageKey;
}

export function DevicePicker({ labelKey, devices, value, onChange, unnamedKey }: DevicePickerProps) {
  const t = useT();
  const id = useId();
  const known = value !== null && devices.some((d) => d.deviceId === value);
  return (
    <div className="field">
      <label htmlFor={id}>{t(labelKey)}</label>
      <select id={id} value={known ? value : ''} onChange={(event) => onChange(event.target.value || null)}>
        <option value="">{t('devices.systemDefault')}</option>
        {devices.map((device, index) => (
          <option key={device.deviceId} value={device.deviceId}>
            {device.label || t(unnamedKey, { n: index + 1 })}
          </option>
        ))}
      </select>
    </div>
  );
}
