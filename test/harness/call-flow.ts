// Drives Parley's real UI through a call, the way a person would: name, new meeting, invite
// link, ask to join, admit. Labels come from the English catalogue, so a renamed button is a
// type-checked change here, not a silent test break.
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { en as messagesEn } from '../../renderer/i18n/messages.en';

type Key = keyof typeof messagesEn;
const text = (key: Key, vars: Record<string, string> = {}): string => {
  const template = messagesEn[key];
  if (typeof template !== 'string') throw new Error(`${key} is a plural message`);
  return template.replace(/\{(\w+)\}/g, (_, name: string) => vars[name] ?? '');
};

/** Home -> "New meeting" -> pre-join -> "Start": the meeting opens (or its error shows). */
export async function openNewMeeting(page: Page, name: string): Promise<void> {
  await page.getByLabel(text('home.nameLabel')).fill(name);
  await page.getByRole('button', { name: text('home.create'), exact: true }).click();
  await page.getByRole('button', { name: text('prejoin.start'), exact: true }).click();
}

export async function startMeeting(page: Page, name: string): Promise<string> {
  await openNewMeeting(page, name);
  await page.getByRole('button', { name: text('call.invite'), exact: true }).click();
  const link = await page.getByRole('textbox', { name: text('invite.linkLabel'), exact: true }).inputValue();
  await page.getByRole('button', { name: text('common.close'), exact: true }).click();
  return link;
}

/** Home: name, invite link, "Join" -> the pre-join screen. */
export async function openInvite(page: Page, inviteLink: string, name: string): Promise<void> {
  await page.getByLabel(text('home.nameLabel')).fill(name);
  await page.getByLabel(text('home.linkLabel')).fill(inviteLink);
  await page.getByRole('button', { name: text('home.join'), exact: true }).click();
}

/** The pre-join screen's "Join". */
export async function confirmJoin(page: Page): Promise<void> {
  await page.getByRole('button', { name: text('prejoin.join'), exact: true }).click();
}

/** The pre-join screen's "Back" (to Home, without joining). */
export async function leavePreJoin(page: Page): Promise<void> {
  await page.getByRole('main', { name: text('prejoin.titleJoin') }).getByRole('button', { name: text('common.back'), exact: true }).click();
}

export async function askToJoin(page: Page, inviteLink: string, name: string): Promise<void> {
  await openInvite(page, inviteLink, name);
  await confirmJoin(page);
}

/** Waits until the host is shown a knock: `name`'s admit button, or the closed knock list's "Review". */
export async function knockShown(hostPage: Page, name: string): Promise<void> {
  const button = hostPage.getByRole('button', { name: text('lobby.admitName', { name }), exact: true });
  const review = hostPage.getByRole('button', { name: text('lobby.review'), exact: true });
  await button.or(review).first().waitFor({ timeout: 20_000 });
}

/** `name`'s entry in the host's knock list, opening the list if it is closed. */
async function knockEntry(hostPage: Page, name: string): Promise<Locator> {
  const admitButton = hostPage.getByRole('button', { name: text('lobby.admitName', { name }), exact: true });
  await knockShown(hostPage, name);
  if (!(await admitButton.isVisible())) await hostPage.getByRole('button', { name: text('lobby.review'), exact: true }).click();
  return hostPage.locator('li.knock').filter({ has: admitButton });
}

/** Clicks the host's button for a knocking person. */
async function decideKnock(hostPage: Page, key: 'lobby.admitName' | 'lobby.denyName', name: string): Promise<void> {
  const entry = await knockEntry(hostPage, name);
  await entry.getByRole('button', { name: text(key, { name }), exact: true }).click();
}

/** Whether the host's knock list says it removed `name` from this meeting earlier. */
export async function knockSaysRemovedEarlier(hostPage: Page, name: string): Promise<boolean> {
  const entry = await knockEntry(hostPage, name);
  return ((await entry.textContent()) ?? '').includes(text('lobby.removedEarlier'));
}

/** Everything `name`'s entry in the host's knock list says (warnings, "Verified", the number). */
export async function knockEntryText(hostPage: Page, name: string): Promise<string> {
  return (await (await knockEntry(hostPage, name)).textContent()) ?? '';
}

export function admit(hostPage: Page, name: string): Promise<void> {
  return decideKnock(hostPage, 'lobby.admitName', name);
}

export function deny(hostPage: Page, name: string): Promise<void> {
  return decideKnock(hostPage, 'lobby.denyName', name);
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

export async function sendChat(page: Page, message: string): Promise<void> {
  const input = page.getByLabel(text('chat.inputLabel'), { exact: true });
  if (!(await input.isVisible())) await page.getByRole('button', { name: new RegExp(`^${text('controls.chat')}`) }).click();
  await input.fill(message);
  await page.getByRole('button', { name: text('chat.send'), exact: true }).click();
}

export async function chatLog(page: Page): Promise<string> {
  const log = page.getByRole('log', { name: text('chat.messages') });
  if (!(await log.isVisible())) await page.getByRole('button', { name: new RegExp(`^${text('controls.chat')}`) }).click();
  return (await log.textContent()) ?? '';
}

/**
 * Opens the participants panel unless it is open. (Its button toggles: clicking it because some
 * button inside is not there yet — e.g. "Remove" before a host hand-over arrived — would close it.)
 */
export async function openParticipantsPanel(page: Page): Promise<void> {
  if (await page.locator('#participants-title').isVisible()) return;
  await page.getByRole('button', { name: new RegExp(`^${text('controls.participants')}`) }).click();
}

/** The 60 digits this page shows as its safety number with `name`. */
export async function safetyNumberWith(page: Page, name: string): Promise<string> {
  const numberList = page.getByRole('list', { name: text('verify.numberOf', { name }), exact: true });
  if (!(await numberList.isVisible())) {
    await openParticipantsPanel(page);
    await page.getByRole('button', { name: text('verify.show', { name }), exact: true }).click();
  }
  return ((await numberList.textContent()) ?? '').replace(/\D/g, '');
}

export async function removeParticipant(hostPage: Page, name: string): Promise<void> {
  await openParticipantsPanel(hostPage);
  await hostPage.getByRole('button', { name: text('host.remove', { name }), exact: true }).click();
  await hostPage.getByRole('alertdialog').getByRole('button', { name: text('host.removeConfirm'), exact: true }).click();
}

/** The call's banner while the relay is lost (reconnecting, or unreachable for a while). */
export function relayLostBanner(page: Page) {
  return page.getByText(text('call.relayReconnecting')).or(page.getByText(text('call.relayOffline'))).first();
}

export function heading(page: Page, key: 'lobby.title' | 'error.removed.title' | 'error.denied.title' | 'error.locked.title' | 'error.noTurn.title' | 'error.relay.title') {
  return page.getByRole('heading', { name: text(key), exact: true });
}

/** Names on the remote tiles this page shows. */
export async function tileNames(page: Page): Promise<string[]> {
  return page.locator('figure[data-peer]').evaluateAll((tiles) => tiles.map((t) => t.getAttribute('aria-label') ?? '').sort());
}

/** The connection details this page shows for `name` (participants panel), keyed by data-stat. */
export async function connectionDetails(page: Page, name: string): Promise<Record<string, string>> {
  const region = page.getByRole('region', { name: text('stats.title', { name }), exact: true });
  if (!(await region.isVisible())) {
    await openParticipantsPanel(page);
    await page.getByRole('button', { name: text('stats.show', { name }), exact: true }).click();
  }
  return region.locator('dd[data-stat]').evaluateAll((cells) => Object.fromEntries(cells.map((c) => [c.getAttribute('data-stat') ?? '', c.textContent ?? ''])));
}

/** Clicks a control-bar button (by its English label). */
export async function control(page: Page, key: 'controls.mute' | 'controls.unmute' | 'controls.stopVideo' | 'controls.startVideo' | 'controls.leave'): Promise<void> {
  await page.getByRole('button', { name: text(key), exact: true }).click();
}

/** What the tile of `name` on this page says about the microphone and camera. */
export async function tileState(page: Page, name: string): Promise<{ micOff: boolean; cameraOff: boolean }> {
  const tile = page.locator(`figure[data-peer][aria-label="${name}"]`);
  const textContent = (await tile.textContent()) ?? '';
  return { micOff: textContent.includes(text('tile.micOff')), cameraOff: textContent.includes(text('tile.cameraOff')) };
}


export async function lockMeeting(hostPage: Page): Promise<void> {
  const lock = hostPage.getByRole('button', { name: text('host.lockRoom'), exact: true });
  await openParticipantsPanel(hostPage);
  await lock.click();
}

/** The host's "Lobby" toggle in the participants panel. */
export async function toggleLobby(hostPage: Page): Promise<void> {
  const lobby = hostPage.getByRole('button', { name: text('host.lobby'), exact: true });
  await openParticipantsPanel(hostPage);
  await lobby.click();
}

export async function makeHost(hostPage: Page, name: string): Promise<void> {
  const button = hostPage.getByRole('button', { name: text('host.makeHost', { name }), exact: true });
  await openParticipantsPanel(hostPage);
  await button.click();
}

/** Waits until this page's participants panel offers host actions for `name`: this page is the host. */
export async function hostActionsShownFor(page: Page, name: string): Promise<void> {
  await openParticipantsPanel(page);
  await page.getByRole('button', { name: text('host.makeHost', { name }), exact: true }).waitFor({ timeout: 10_000 });
}

/** The "Cancel" on the screen shown while a call is being joined. */
export async function cancelJoining(page: Page): Promise<void> {
  await page.getByRole('main', { name: text('joining.title') }).getByRole('button', { name: text('common.cancel'), exact: true }).click();
}

/** An error screen's "Back to start". */
export async function backToStart(page: Page): Promise<void> {
  await page.getByRole('button', { name: text('error.home'), exact: true }).click();
}

/** The home screen's "New meeting" button: visible once a page is back home. */
export function homeScreen(page: Page) {
  return page.getByRole('button', { name: text('home.create'), exact: true });
}

/**
 * Every page decodes every other page's video (more than 3 frames a second) and hears its audio,
 * and shows a tile for nobody else. `names[i]` is the person on `pages[i]`.
 */
export async function expectEveryoneDecodesEveryone(pages: readonly Page[], names: readonly string[]): Promise<void> {
  for (const [index, page] of pages.entries()) {
    const others = names.slice(0, pages.length).filter((_, i) => i !== index).sort();
    await expect
      // Four pages on two cores present as few as 2 frames a second: count over 2 s.
      .poll(async () => (await remoteMedia(page, 2000)).filter((m) => m.frames > 3).map((m) => m.name).sort(), { timeout: 30_000, interval: 500 })
      .toEqual(others);
    expect(await tileNames(page)).toEqual(others);
    // Audio starts later than video on a loaded machine (four pages on two cores): poll it too.
    await expect
      .poll(async () => (await remoteMedia(page)).filter((m) => m.audioLevel <= 0.01).map((m) => `no audio from ${m.name} on page ${index}`), { timeout: 15_000, interval: 500 })
      .toEqual([]);
  }
}

/** Frames of `name`'s camera tile this page presented in one second. */
export async function framesFrom(page: Page, name: string): Promise<number> {
  return (await remoteMedia(page, 1000)).find((m) => m.name === name)?.frames ?? 0;
}

/** "Share screen" -> the picker's "Share" (in the harness the browser's fake screen is shared). */
export async function shareScreen(page: Page): Promise<void> {
  await page.getByRole('button', { name: text('controls.share'), exact: true }).click();
  await page.getByRole('button', { name: text('share.start'), exact: true }).click();
}

export async function stopSharing(page: Page): Promise<void> {
  await page.getByRole('button', { name: text('controls.stopShare'), exact: true }).click();
}

/** Width / height of the video in the screen-share tile of `name` (the harness's fake screen is wide, the camera 4:3). */
export async function sharedScreenAspect(page: Page, name: string): Promise<number | null> {
  return page.evaluate((label) => {
    const video = document.querySelector<HTMLVideoElement>(`figure.screen[aria-label="${label}"] video`);
    return video && video.videoHeight > 0 ? video.videoWidth / video.videoHeight : null;
  }, text('tile.screenOf', { name }));
}

/** Video frames presented in `windowMs` by the screen-share tile of `name`; null when there is none. */
export async function sharedScreenFrames(page: Page, name: string, windowMs = 1000): Promise<number | null> {
  return page.evaluate(
    async ({ label, ms }) => {
      const video = document.querySelector<HTMLVideoElement>(`figure.screen[aria-label="${label}"] video`);
      if (!video) return null;
      let frames = 0;
      const onFrame = () => {
        frames++;
        video.requestVideoFrameCallback(onFrame);
      };
      video.requestVideoFrameCallback(onFrame);
      await new Promise((r) => setTimeout(r, ms));
      return frames;
    },
    { label: text('tile.screenOf', { name }), ms: windowMs },
  );
}
