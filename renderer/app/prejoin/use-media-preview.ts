// Opens the chosen camera and microphone for the pre-join preview (separately, so a denied
// camera does not take the microphone with it) and closes them when no longer wanted.
import { useEffect, useState } from 'react';
import type { MessageKey } from '../../i18n/i18n';
import { mediaErrorKey } from './media-errors';
import { offerPreviewTrack } from './preview-handoff';

export type PreviewTrack =
  | { status: 'off' }
  | { status: 'starting' }
  | { status: 'on'; stream: MediaStream }
  | { status: 'error'; messageKey: MessageKey };

export function stopStream(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}

function usePreviewTrack(kind: 'camera' | 'microphone', wanted: boolean, deviceId: string | null, onOpened: () => void): PreviewTrack {
  const [track, setTrack] = useState<PreviewTrack>({ status: 'off' });
  useEffect(() => {
    if (!wanted) {
      setTrack({ status: 'off' });
      return;
    }
    let stream: MediaStream | null = null;
    let withdraw = () => {};
    let cancelled = false;
    setTrack({ status: 'starting' });
    const device = deviceId ? { deviceId: { exact: deviceId } } : {};
    const constraints: MediaStreamConstraints =
      kind === 'camera' ? { video: { width: 640, height: 480, ...device }, audio: false } : { audio: { ...device }, video: false };
    (async () => {
      try {
        if (!navigator.mediaDevices?.getUserMedia) throw new DOMException('no media devices', 'NotFoundError');
        const opened = await navigator.mediaDevices.getUserMedia(constraints);
        if (cancelled) {
          stopStream(opened);
          return;
        }
        stream = opened;
        const previewed = opened.getTracks()[0];
        if (previewed) withdraw = offerPreviewTrack(previewed);
        setTrack({ status: 'on', stream: opened });
        onOpened();
      } catch (error) {
        if (!cancelled) setTrack({ status: 'error', messageKey: mediaErrorKey(kind, error) });
      }
    })();
    return () => {
      cancelled = true;
      withdraw();
      if (stream) stopStream(stream);
    };
  }, [kind, wanted, deviceId, onOpened]);
  return track;
}

export function useMediaPreview(options: {
  cameraOn: boolean;
  microphoneOn: boolean;
  cameraId: string | null;
  microphoneId: string | null;
  onOpened(): void;
}): { camera: PreviewTrack; microphone: PreviewTrack } {
  const camera = usePreviewTrack('camera', options.cameraOn, options.cameraId, options.onOpened);
  const microphone = usePreviewTrack('microphone', options.microphoneOn, options.microphoneId, options.onOpened);
  return { camera, microphone };
}
