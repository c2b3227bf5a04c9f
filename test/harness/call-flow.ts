// Drives Parley's real UI through a call, the way a person would: name, new meeting, invite
// link, ask to join, admit. Labels come from the English catalogue, so a renamed button is a
// type-checked change here, not a silent test break.
import type { Page } from 'playwright-core';
import { en as messagesEn } from '../../renderer/i18n/messages.en';

type Key = keyof typeof messagesEn;
const text = (key: Key, vars: Record<string, string> = {}): string => {
  const template = messagesEn[key];
  if (typeof template !== 'string') throw new Error(`${key} is a plural message`);
  return template.replace(/\{(\w+)\}/g, (_, name: string) => vars[name] ?? '');
};

export async function startMeeting(page: Page, name: string): Promise<string> {
  await page.getByLabel(text('home.nameLabel')).fill(name);
  await page.getByRole('button', { name: text('home.create'), exact: true }).click();
  await page.getByRole('button', { name: text('prejoin.start'), exact: true }).click();
  await page.getByRole('button', { name: text('call.invite'), exact: true }).click();
  const link = await page.getByRole('textbox', { name: text('invite.linkLabel'), exact: true }).inputValue();
  await page.getByRole('button', { name: text('common.close'), exact: true }).click();
  return link;
}

export async function askToJoin(page: Page, inviteLink: string, name: string): Promise<void> {
  await page.getByLabel(text('home.nameLabel')).fill(name);
  await page.getByLabel(text('home.linkLabel')).fill(inviteLink);
  await page.getByRole('button', { name: text('home.join'), exact: true }).click();
  await page.getByRole('button', { name: text('prejoin.join'), exact: true }).click();
}

export async function admit(hostPage: Page, name: string): Promise<void> {
  const admitButton = hostPage.getByRole('button', { name: text('lobby.admitName', { name }), exact: true });
  if (!(await admitButton.isVisible())) await hostPage.getByRole('button', { name: text('lobby.review'), exact: true }).click();
  await admitButton.click();
}

/** For every remote tile: [name, video frames presented in `windowMs`, peak audio level 0..1]. */
export async function remoteMedia(page: Page, windowMs = 1500): Promise<Array<{ name: string; frames: number; audioLevel: number }>> {
  return page.evaluate(async (ms) => {
    const tiles = [...document.querySelectorAll<HTMLElement>('figure[data-peer]')];
    return Promise.all(
      tiles.map(async (tile) => {
        const video = tile.querySelector('video');
        const name = tile.getAttribute('aria-label') ?? '';
        if (!video || !(video.srcObject instanceof MediaStream)) return { name, frames: 0, audioLevel: 0 };
        let frames = 0;
        const onFrame = () => {
          frames++;
          video.requestVideoFrameCallback(onFrame);
        };
        video.requestVideoFrameCallback(onFrame);
        const audio = new AudioContext();
        const analyser = audio.createAnalyser();
        let audioLevel = 0;
        if (video.srcObject.getAudioTracks().length > 0) audio.createMediaStreamSource(video.srcObject).connect(analyser);
        const samples = new Float32Array(analyser.fftSize);
        const end = performance.now() + ms;
        while (performance.now() < end) {
          await new Promise((r) => setTimeout(r, 50));
          analyser.getFloatTimeDomainData(samples);
          for (const s of samples) audioLevel = Math.max(audioLevel, Math.abs(s));
        }
        await audio.close();
        return { name, frames, audioLevel };
      }),
    );
  }, windowMs);
}
