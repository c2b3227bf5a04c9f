// "Play a test sound": a short two-note chime made with Web Audio, played through an <audio>
// element on the chosen speaker (setSinkId), the same way call audio reaches that speaker, so a
// person hears before the meeting whether the right device is picked.
import { useEffect, useRef, useState } from 'react';
import { useT } from '../../i18n/use-t';
import type { Sinkable } from '../meeting/StreamVideo';
import { useSettingsStore } from '../settings-store';

const NOTES_HZ = [660, 880] as const;
const NOTE_SECONDS = 0.35;
const CHIME_MS = 1000;

type State = 'idle' | 'playing' | 'failed';

export function SpeakerTest() {
  const t = useT();
  const speakerId = useSettingsStore((s) => s.settings.speakerId);
  const audioRef = useRef<Sinkable<HTMLAudioElement>>(null);
  const stopRef = useRef<(() => void) | null>(null);
  const [state, setState] = useState<State>('idle');

  useEffect(() => () => stopRef.current?.(), []);

  async function play() {
    const audio = audioRef.current;
    if (!audio || state === 'playing') return;
    const context = new AudioContext();
    const output = context.createMediaStreamDestination();
    const gain = context.createGain();
    gain.gain.value = 0.25;
    gain.connect(output);
    NOTES_HZ.forEach((hz, i) => {
      const note = context.createOscillator();
      note.frequency.value = hz;
      note.connect(gain);
      note.start(context.currentTime + i * (NOTE_SECONDS + 0.05));
      note.stop(context.currentTime + i * (NOTE_SECONDS + 0.05) + NOTE_SECONDS);
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = () => {
      clearTimeout(timer);
      audio.pause();
      audio.srcObject = null;
      void context.close();
      stopRef.current = null;
    };
    stopRef.current = stop;
    try {
      audio.srcObject = output.stream;
      await audio.setSinkId?.(speakerId ?? '');
      await audio.play();
      setState('playing');
      timer = setTimeout(() => {
        stop();
        setState('idle');
      }, CHIME_MS);
    } catch (error) {
      console.warn('Test sound could not play:', error);
      stop();
      setState('failed');
    }
  }

  return (
    <div className="speaker-test">
      <audio ref={audioRef} data-testid="speaker-test" />
      <button type="button" className="button ghost small" onClick={() => void play()} aria-describedby="speaker-test-state">
        {t('devices.testSpeaker')}
      </button>
      <span id="speaker-test-state" className="muted small" aria-live="polite">
        {state === 'playing' ? t('devices.testSpeakerPlaying') : state === 'failed' ? t('devices.testSpeakerFailed') : ''}
      </span>
    </div>
  );
}
