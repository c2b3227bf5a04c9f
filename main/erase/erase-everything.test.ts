import { ed25519 } from '@noble/curves/ed25519.js';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestSealer } from '../keystore/passphrase-sealer';
import { NO_POLICY } from '../policy/reader';
import { createMainServices } from '../services';
import { dispatchIpc } from '../ipc/dispatch';
import { ERASE_TOKEN_TTL_MS } from './erase-everything';

let dir: string;
let clock = Date.UTC(2026, 0, 1);
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'parley-erase-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function services() {
  return createMainServices({
    dataDir: dir, appVersion: '0', platform: 'linux', sealing: { kind: 'sealer', sealer: createTestSealer() }, policyReader: NO_POLICY, now: () => clock,
  });
}

describe('erase everything', () => {
  it('needs the token from the request; afterwards no Parley file remains and the keystore refuses use', async () => {
    const main = services();
    const call = (channel: string, ...args: unknown[]) => dispatchIpc(main.handlers, channel, args);
    expect(await call('keystore:getStatus')).toMatchObject({ value: { state: 'ready' } });
    await call('trust:meet', ed25519.getPublicKey(new Uint8Array(32).fill(7)), 'Ada');
    await call('settings:set', { displayName: 'Ada' });
    await call('identity:commitInit', { ephemeralKey: new Uint8Array(32).fill(9), signedPrekeyId: 1, oneTimePrekeyId: 1 }); // leaves a .prev backup
    await mkdir(path.join(dir, 'recordings', '2026-01'), { recursive: true });
    await writeFile(path.join(dir, 'recordings', '2026-01', 'r.sealed'), 'x');
    // electron-updater's installation id, as an earlier build (before Parley stopped it) left it.
    await writeFile(path.join(dir, '.updaterId'), '3f2c1b0a-1111-5222-8333-444455556666');
    expect((await readdir(dir)).length).toBeGreaterThanOrEqual(7);

    expect(await call('erase:confirm', 'f'.repeat(64))).toMatchObject({ ok: false, error: { code: 'erase-not-confirmed' } });
    const expired = (await call('erase:request')) as { value: { token: string } };
    clock += ERASE_TOKEN_TTL_MS + 1;
    expect(await call('erase:confirm', expired.value.token)).toMatchObject({ ok: false, error: { code: 'erase-not-confirmed' } });
    expect((await readdir(dir)).length).toBeGreaterThanOrEqual(6);

    const request = (await call('erase:request')) as { value: { token: string; willDelete: string[] } };
    expect(request.value.willDelete).toEqual(expect.arrayContaining(['vault-key', 'identity-keys', 'recordings']));
    expect(await call('erase:confirm', request.value.token)).toEqual({ ok: true, value: null });
    expect(await readdir(dir)).toEqual([]);
    expect(await call('keystore:getStatus')).toEqual({ ok: true, value: { state: 'erased' } });
    expect(await call('identity:getPublicPrekeys')).toMatchObject({ ok: false, error: { code: 'keystore-erased' } });
    expect(await readdir(dir)).toEqual([]);
    await main.close();
  });
});

describe('what counts as Parley data', () => {
  it('covers every file the modules write and leaves foreign files alone', async () => {
    const { isParleyEntry, dataPaths } = await import('../settings/data-paths');
    const paths = dataPaths('/d');
    for (const file of [paths.vaultKey, paths.keystore, paths.identities, paths.settings, paths.recordings]) expect(isParleyEntry(path.basename(file))).toBe(true);
    expect(isParleyEntry('keystore.sealed.prev')).toBe(true);
    expect(isParleyEntry('keystore.sealed.damaged-1767225600000')).toBe(true);
    expect(isParleyEntry('identities.sealed.tmp-0a1b2c3d4e5f')).toBe(true);
    for (const foreign of ['Cookies', 'Local Storage', 'keystore', 'settings.json5', 'notes.txt']) expect(isParleyEntry(foreign)).toBe(false);
  });
});
