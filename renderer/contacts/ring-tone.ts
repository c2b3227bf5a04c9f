// The ring tone: two short beeps every two seconds from Web Audio (no audio files shipped).
export class BeepRingTone {
  private context: AudioContext | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;

  start(): void {
    if (this.timer) return;
    this.context = new AudioContext();
    const ring = () => {
      const ctx = this.context;
      if (!ctx) return;
      for (const offset of [0, 0.3]) {
        const oscillator = ctx.createOscillator();
        const gain = ctx.createGain();
        oscillator.frequency.value = 880;
        gain.gain.setValueAtTime(0.15, ctx.currentTime + offset);
        gain.gain.setValueAtTime(0, ctx.currentTime + offset + 0.2);
        oscillator.connect(gain).connect(ctx.destination);
        oscillator.start(ctx.currentTime + offset);
        oscillator.stop(ctx.currentTime + offset + 0.2);
      }
    };
    ring();
    this.timer = setInterval(ring, 2000);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    void this.context?.close();
    this.context = null;
  }
}
