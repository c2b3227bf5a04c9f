// Live microphone level (Web Audio AnalyserNode). The bar is moved from an animation frame
// through a ref, so the meter never re-renders React at 60 Hz.
import { useEffect, useRef } from 'react';
import { meterLevel, rmsLevel } from './audio-level';

export function MicLevelMeter({ stream, label }: { stream: MediaStream | null; label: string }) {
  const barRef = useRef<HTMLDivElement>(null);
  const meterRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const bar = barRef.current;
    const meter = meterRef.current;
    if (!stream || !bar || !meter || typeof AudioContext === 'undefined') return;
    const context = new AudioContext();
    const source = context.createMediaStreamSource(stream);
    const analyser = context.createAnalyser();
    analyser.fftSize = 1024;
    source.connect(analyser);
    const samples = new Uint8Array(analyser.fftSize);
    let frame = 0;
    let lastAnnounced = -1;
    const tick = () => {
      analyser.getByteTimeDomainData(samples);
      const level = meterLevel(rmsLevel(samples));
      bar.style.transform = `scaleX(${level.toFixed(3)})`;
      const percent = Math.round(level * 10) * 10;
      if (percent !== lastAnnounced) {
        meter.setAttribute('aria-valuenow', String(percent));
        lastAnnounced = percent;
      }
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => {
      cancelAnimationFrame(frame);
      source.disconnect();
      void context.close();
      bar.style.transform = 'scaleX(0)';
    };
  }, [stream]);

  return (
    <div ref={meterRef} className="level-meter" role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={0} data-testid="mic-level">
      <div ref={barRef} className="level-meter-bar" />
    </div>
  );
}
