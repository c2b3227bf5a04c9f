// Cameras, microphones and speakers, refreshed when devices change or when permission is
// granted (labels are empty before that).
import { useCallback, useEffect, useState } from 'react';

export interface DeviceLists {
  cameras: MediaDeviceInfo[];
  microphones: MediaDeviceInfo[];
  speakers: MediaDeviceInfo[];
}

const EMPTY: DeviceLists = { cameras: [], microphones: [], speakers: [] };

export function groupDevices(devices: readonly MediaDeviceInfo[]): DeviceLists {
  const real = devices.filter((d) => d.deviceId !== '');
  return {
    cameras: real.filter((d) => d.kind === 'videoinput'),
    microphones: real.filter((d) => d.kind === 'audioinput'),
    speakers: real.filter((d) => d.kind === 'audiooutput'),
  };
}

export function useMediaDevices(): { devices: DeviceLists; refresh(): void } {
  const [devices, setDevices] = useState<DeviceLists>(EMPTY);
  const refresh = useCallback(() => {
    const media = navigator.mediaDevices;
    if (!media?.enumerateDevices) return;
    media.enumerateDevices().then(
      (list) => setDevices(groupDevices(list)),
      () => setDevices(EMPTY),
    );
  }, []);
  useEffect(() => {
    refresh();
    const media = navigator.mediaDevices;
    media?.addEventListener?.('devicechange', refresh);
    return () => media?.removeEventListener?.('devicechange', refresh);
  }, [refresh]);
  return { devices, refresh };
}
