// A <video> showing a MediaStream. Remote audio plays through it, on the chosen speaker.
import { useEffect, useRef } from 'react';
import { useSettingsStore } from '../settings-store';

interface StreamVideoProps {
  stream: MediaStream;
  /** Our own camera: never play it back, and mirror it like a mirror. */
  local?: boolean;
  hidden?: boolean;
  className?: string;
}

/** A media element that may play on a chosen output device (setSinkId: Chromium, not every engine). */
export type Sinkable<E extends HTMLMediaElement> = E & { setSinkId?: (id: string) => Promise<void> };

export function StreamVideo({ stream, local, hidden, className }: StreamVideoProps) {
  const ref = useRef<Sinkable<HTMLVideoElement>>(null);
  const speakerId = useSettingsStore((s) => s.settings.speakerId);
  useEffect(() => {
    if (ref.current) ref.current.srcObject = stream;
  }, [stream]);
  useEffect(() => {
    const video = ref.current;
    if (local || !video?.setSinkId) return;
    video.setSinkId(speakerId ?? '').catch((error: unknown) => console.warn('Could not switch speaker:', error));
  }, [local, speakerId]);
  const classes = ['tile-video', local ? 'mirrored' : '', className ?? ''].filter(Boolean).join(' ');
  return <video ref={ref} className={classes} autoPlay playsInline muted={local} hidden={hidden} />;
}
