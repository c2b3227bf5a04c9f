// The pre-call path by keyboard alone and the speaker's test sound (issue 20 item 2), in Chromium
// with the built renderer and a real relay: the skip link is the first Tab stop, Enter in the name
// field starts a meeting, pre-join starts with focus on its primary action and lets the name be
// changed, and "Play a test sound" really plays (a Web Audio analyser on the stream the speaker
// element plays).
import { describe, expect, it } from 'vitest';
import { en as messagesEn } from '../../renderer/i18n/messages.en';
import { useOnePageWithRelay } from '../harness/one-page';

const opened = useOnePageWithRelay();

/** What has keyboard focus: its accessible-ish name (aria-label, label text or text). */
function focused(): Promise<string> {
  return opened.page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return '';
    const label = element.id ? document.querySelector(`label[for="${CSS.escape(element.id)}"]`)?.textContent : null;
    return (element.getAttribute('aria-label') ?? label ?? element.textContent ?? element.tagName).trim();
  });
}


describe('pre-call by keyboard', () => {
  it('skip link first, Enter in the name field starts a meeting, pre-join starts on its primary action and lets the name change', async () => {
    await opened.page.getByRole('button', { name: messagesEn['home.create'], exact: true }).waitFor();
    await opened.page.keyboard.press('Tab');
    expect(await focused()).toBe(messagesEn['app.skipToMain']);
    await opened.page.keyboard.press('Enter');
    expect(await opened.page.evaluate(() => document.activeElement?.tagName)).toBe('MAIN');
    await opened.page.keyboard.press('Tab');
    expect(await focused()).toBe(messagesEn['home.nameLabel']);
    await opened.page.keyboard.type('Ada Lovelace');
    await opened.page.keyboard.press('Enter');

    await opened.page.getByRole('heading', { name: messagesEn['prejoin.titleCreate'], exact: true }).waitFor();
    await expect.poll(focused).toBe(messagesEn['prejoin.start']);
    // The name can still change here; empty, the meeting does not start.
    const name = opened.page.getByLabel(messagesEn['home.nameLabel']);
    expect(await name.inputValue()).toBe('Ada Lovelace');
    await name.fill('');
    await opened.page.keyboard.press('Enter');
    await opened.page.getByText(messagesEn['home.nameRequired'], { exact: true }).waitFor();
    await name.fill('Ada L.');
    await opened.page.keyboard.press('Enter');
    await opened.page.getByRole('button', { name: messagesEn['controls.leave'], exact: true }).waitFor({ timeout: 20_000 });
    expect(await opened.page.locator('figure.tile.self').getAttribute('aria-label')).toContain('Ada L.');
    await opened.page.getByRole('button', { name: messagesEn['controls.leave'], exact: true }).click();
  });

  it('"Play a test sound" plays a sound on the chosen speaker', async () => {
    await opened.page.goto(`${opened.harness.origin}/index.html`);
    await opened.page.getByRole('button', { name: messagesEn['home.create'], exact: true }).click();
    await opened.page.getByRole('heading', { name: messagesEn['prejoin.titleCreate'], exact: true }).waitFor();
    await opened.page.evaluate(() => {
      const played: { sinks: string[] } = { sinks: [] };
      Object.assign(window, { speakerTest: played });
      const setSinkId = HTMLMediaElement.prototype.setSinkId;
      HTMLMediaElement.prototype.setSinkId = function (this: HTMLMediaElement, id: string) {
        played.sinks.push(id);
        return setSinkId.call(this, id);
      };
    });
    await opened.page.getByRole('button', { name: messagesEn['devices.testSpeaker'], exact: true }).click();
    await opened.page.getByText(messagesEn['devices.testSpeakerPlaying'], { exact: true }).waitFor();
    const level = await opened.page.evaluate(async () => {
      const audio = document.querySelector<HTMLAudioElement>('audio[data-testid="speaker-test"]')!;
      if (!(audio.srcObject instanceof MediaStream)) return -1;
      const context = new AudioContext();
      const analyser = context.createAnalyser();
      context.createMediaStreamSource(audio.srcObject).connect(analyser);
      const samples = new Float32Array(analyser.fftSize);
      let max = 0;
      for (const end = performance.now() + 600; performance.now() < end; ) {
        await new Promise((r) => setTimeout(r, 30));
        analyser.getFloatTimeDomainData(samples);
        for (const s of samples) max = Math.max(max, Math.abs(s));
      }
      await context.close();
      return max;
    });
    expect(level).toBeGreaterThan(0.05);
    // The system default speaker (no other chosen): the element was pointed at it before playing.
    expect(await opened.page.evaluate(() => (window as unknown as { speakerTest: { sinks: string[] } }).speakerTest.sinks)).toEqual(['']);
    // It ends by itself and says so no longer.
    await opened.page.getByText(messagesEn['devices.testSpeakerPlaying'], { exact: true }).waitFor({ state: 'detached', timeout: 5_000 });
  });
});
