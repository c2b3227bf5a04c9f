// "Erase everything" end to end, through the Privacy screen of the built renderer: afterwards no
// path of the data inventory (main/privacy/inventory.ts, the list docs/PRIVACY.md is rendered
// from) is left in the data folder, the sealed vault key (the harness's stand-in for the
// safeStorage-sealed key) is gone, the renderer's stored keys are gone, and a fresh start on the
// same folder can only make a new identity.
import { ed25519 } from '@noble/curves/ed25519.js';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toBase64Url } from '../../protocol/bytes';
import { signOrganisationStatement } from '../../protocol/organisation/statement';
import { createTestSealer } from '../../main/keystore/passphrase-sealer';
import { NO_POLICY } from '../../main/policy/reader';
import { RECORDING_FOLDERS_FILE } from '../../main/recording/recording-folders';
import { DATA_FOLDER_PATHS, RENDERER_STORAGE_KEYS } from '../../main/privacy/inventory';
import { createMainServices } from '../../main/services';
import { VAULT_KEY_FILE } from '../../main/vault/vault';
import { UPDATER_ID_FILE } from '../../main/update/electron-updater';
import { encodeInvite } from '../../protocol/room/invite';
import { en as messagesEn } from '../../renderer/i18n/messages.en';
import { startHarness } from '../harness/harness';
import type { Harness } from '../harness/harness';
import { WindowStateStore } from '../../main/desktop/window-state';

let harness: Harness;
let page: Page;

beforeAll(async () => {
  harness = await startHarness({ participants: 1 });
  page = harness.pages[0]!.page;
  await page.goto(`${harness.origin}/index.html`);
});

afterAll(async () => {
  await harness?.close();
});

/** Every file and folder under dir, relative, sorted. */
async function listTree(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).map(String).sort();
}

function belongsTo(entry: string, inventoryPath: string): boolean {
  const top = entry.split(path.sep)[0]!;
  return top === inventoryPath || top.startsWith(`${inventoryPath}.`);
}

describe('erase everything', () => {
  it('leaves none of the inventory’s files, no sealed key and no stored renderer data behind', async () => {
    const { services, dataDir } = harness.pages[0]!;
    // Fill every place Parley keeps data: keys (written when the keystore opened), the trust record
    // (two identities, so the rolling .prev backup exists), the contact book with a call in its
    // history, settings, a scheduled meeting, a recording, and the kinds of
    // leftovers the atomic writer and the damaged-keystore handling leave.
    const identityBefore = (await services.handlers['identity:getPublicPrekeys']()).identityKey;
    await services.handlers['trust:meet'](ed25519.getPublicKey(new Uint8Array(randomBytes(32))), 'Bob Berger');
    await services.handlers['trust:setVerified'](ed25519.getPublicKey(new Uint8Array(randomBytes(32))), true, 'qr-code');
    // The statement an organisation signed for this identity, as Settings imports it.
    const statement = signOrganisationStatement(new Uint8Array(randomBytes(32)), { organisationName: 'Example GmbH', employeeName: 'Ada Anders', identityKey: identityBefore, issuedAt: Date.now() - 1000, expiresAt: Date.now() + 86_400_000 });
    await services.handlers['organisation:import'](toBase64Url(statement));
    // A relay of her choice, so a meeting can be scheduled on it (My meetings, sealed).
    await services.handlers['settings:set']({ displayName: 'Ada Anders', requireLobby: false, diagnosticsLog: true, relayUrl: 'wss://relay.example.org' });
    await services.handlers['meetings:schedule']({ title: 'Board meeting', startsAt: Date.now() + 86_400_000, durationMinutes: 60, lobby: true });
    // The diagnostics log (on above) with an entry, and the window's remembered place as main/electron saves it.
    await services.handlers['diagnostics:reportCallError']('relay-unreachable');
    await new WindowStateStore(dataDir).save({ bounds: { x: 10, y: 20, width: 1000, height: 700 }, maximized: false });
    await services.handlers['contactBook:setPrefs']({ doNotDisturb: true, historyRetentionDays: 60 });
    await services.handlers['contactBook:recordCall']({ at: Date.now(), direction: 'incoming', peers: ['ab'.repeat(32)], teamName: '', outcome: 'missed' });
    await mkdir(path.join(dataDir, 'recordings'), { recursive: true });
    await writeFile(path.join(dataDir, 'recordings', 'stand-in.sealed'), randomBytes(64));
    // The index of recording folders, as the recorder writes it once a chosen folder was used.
    await writeFile(path.join(dataDir, RECORDING_FOLDERS_FILE), `${JSON.stringify([path.join(dataDir, 'recordings')])}\n`);
    await writeFile(path.join(dataDir, 'keystore.sealed.tmp-1234'), randomBytes(16));
    // Parley never writes it, but an earlier build's updater may have left one (inventory 'updater-id').
    await writeFile(path.join(dataDir, UPDATER_ID_FILE), '3f2c1b0a-1111-5222-8333-444455556666');
    await writeFile(path.join(dataDir, 'identities.sealed.damaged-2026-11-27'), randomBytes(16));
    // A recent meeting as versions before 2026-12-04 kept it, in plaintext localStorage: the app
    // moves it into main's sealed store on start and removes it there.
    const recentLink = encodeInvite({ secret: new Uint8Array(randomBytes(32)), hostKeyId: new Uint8Array(16) });
    await page.evaluate((link) => {
      localStorage.setItem('parley.recentRooms.v1', JSON.stringify([{ inviteLink: link, lastJoinedAt: 1 }]));
      localStorage.setItem('parley.settings.v1', JSON.stringify({ displayName: 'Ada Anders', rememberRecentRooms: true }));
    }, recentLink);
    await page.reload();
    await expect.poll(() => services.handlers['recentMeetings:list']()).toEqual([{ inviteLink: recentLink, lastJoinedAt: 1 }]);
    expect(await page.evaluate(() => localStorage.getItem('parley.recentRooms.v1'))).toBeNull();

    const before = await listTree(dataDir);
    for (const inventoryPath of DATA_FOLDER_PATHS) {
      expect(before.some((entry) => belongsTo(entry, inventoryPath)), `${inventoryPath} exists before erasing`).toBe(true);
    }
    expect(before).toContain(VAULT_KEY_FILE);
    expect(before).toContain('identities.sealed.prev');
    expect(before.every((entry) => DATA_FOLDER_PATHS.some((p) => belongsTo(entry, p))), `files outside the inventory: ${before.join(', ')}`).toBe(true);
    expect(await page.evaluate((keys) => keys.filter((k) => localStorage.getItem(k) !== null), [...RENDERER_STORAGE_KEYS])).toEqual([...RENDERER_STORAGE_KEYS]);

    await page.getByRole('button', { name: messagesEn['nav.privacy'], exact: true }).click();
    await page.getByRole('button', { name: messagesEn['privacy.eraseButton'], exact: true }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: messagesEn['privacy.eraseConfirm'], exact: true }).click();
    await page.getByText(messagesEn['privacy.erased']).waitFor();

    expect(await listTree(dataDir)).toEqual([]);
    expect(await page.evaluate((keys) => keys.filter((k) => localStorage.getItem(k) !== null), [...RENDERER_STORAGE_KEYS])).toEqual([]);
    expect(await services.handlers['keystore:getStatus']()).toEqual({ state: 'erased' });

    // Nothing to recover from: the next start on the same folder makes a new identity.
    const restarted = createMainServices({
      dataDir,
      appVersion: '0.0.0-test',
      platform: process.platform,
      sealing: { kind: 'sealer', sealer: createTestSealer() },
      policyReader: NO_POLICY,
    });
    try {
      const status = await restarted.handlers['keystore:getStatus']();
      expect(status.state).toBe('ready');
      expect(status.state === 'ready' && Buffer.from(status.identityKey).equals(Buffer.from(identityBefore))).toBe(false);
      expect(await restarted.handlers['trust:list']()).toEqual([]);
      expect((await restarted.handlers['organisation:get']()).statement).toBeNull();
      expect((await restarted.handlers['settings:getEffective']()).displayName.value).toBe('');
      expect((await restarted.handlers['contactBook:get']()).history).toEqual([]);
    } finally {
      await restarted.close();
    }
  });
});
