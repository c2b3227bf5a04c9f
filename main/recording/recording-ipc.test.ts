// Recording through the IPC entry point main really uses: admin policy, the real keystore's
// identity key and signatures, and "erase everything".
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PolicyReader } from '../policy/reader';
import { NO_POLICY } from '../policy/reader';
import { consentStatementFor, encodeConsent, encodeRequest, signConsent } from '../../protocol/recording/consent';
import { MAX_RECORDING_CHUNK, signingInput } from '../../protocol/ipc-contract';
import { nodeProvider as provider } from '../crypto/node-provider';
import { dispatchIpc } from '../ipc/dispatch';
import { createTestSealer } from '../keystore/passphrase-sealer';
import { createMainServices } from '../services';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'parley-recording-ipc-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function services(policyReader: PolicyReader, chooseRecordingFolder?: () => Promise<string | null>) {
  const main = createMainServices({
    dataDir: path.join(dir, 'data'), appVersion: '0', platform: 'linux', sealing: { kind: 'sealer', sealer: createTestSealer() }, policyReader,
    chooseRecordingExportPath: async () => path.join(dir, 'export.webm'),
    chooseRecordingFolder,
  });
  const call = (channel: string, ...args: unknown[]) => dispatchIpc(main.handlers, channel, args);
  return { main, call };
}

const policy = (raw: unknown): PolicyReader => ({ read: async () => ({ kind: 'found', source: 'test', raw }), watch: () => () => {} });

async function startArgs(call: ReturnType<typeof services>['call'], id = 1) {
  const status = (await call('keystore:getStatus')) as { value: { identityKey: Uint8Array } };
  const seed = new Uint8Array(32).fill(8);
  const alice = await provider.ed25519PublicKey(seed);
  const request = { recordingId: new Uint8Array(16).fill(id), roomId: new Uint8Array(32).fill(2), recorder: status.value.identityKey, requestedAt: Date.now(), retentionDays: 30, mode: 'consent-all' as const };
  const consent = await signConsent((b) => provider.ed25519Sign(seed, signingInput('recording-consent', b)), consentStatementFor(request, alice, Date.now()));
  return [encodeRequest(request), [alice], [encodeConsent(consent)]];
}

describe('recording over IPC', () => {
  it('an admin policy "disabled" makes main refuse, whatever the renderer sends', async () => {
    const { main, call } = services(policy({ recordingMode: 'disabled' }));
    expect(await call('settings:getEffective')).toMatchObject({ value: { recordingMode: { value: 'disabled', lockedBy: 'policy' } } });
    expect(await call('recording:start', ...(await startArgs(call)))).toMatchObject({ ok: false, error: { code: 'recording-disabled' } });
    expect(await call('settings:set', { recordingMode: 'consent-all' })).toMatchObject({ ok: false, error: { code: 'locked-by-policy' } });
    expect(await readdir(path.join(dir, 'data'))).not.toContain('recordings');
    await main.close();
  });

  it('records, lists, exports; "erase everything" removes the recordings', async () => {
    const { main, call } = services(NO_POLICY);
    const started = (await call('recording:start', ...(await startArgs(call)))) as { ok: true; value: { id: string; state: string } };
    expect(started.value.state).toBe('recording');
    const { id } = started.value;
    expect(await call('recording:chunk', id, new Uint8Array([0x1a, 0x45, 0xdf, 0xa3]))).toEqual({ ok: true, value: null });
    expect(await call('recording:stop', id)).toMatchObject({ ok: true, value: { id, participants: 1 } });
    expect(await call('recording:list')).toMatchObject({ ok: true, value: [{ id }] });
    expect(await call('recording:export', id)).toMatchObject({ ok: true, value: { bytes: 4, complete: true } });
    expect(await call('recording:chunk', 'zz', new Uint8Array(1))).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(await call('recording:chunk', id, new Uint8Array(MAX_RECORDING_CHUNK + 1))).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });

    // A recording still running when everything is erased ends with the data.
    const second = (await call('recording:start', ...(await startArgs(call, 2)))) as { ok: true; value: { id: string } };
    expect(await call('recording:chunk', second.value.id, new Uint8Array([1]))).toEqual({ ok: true, value: null });
    const { value } = (await call('erase:request')) as { value: { token: string } };
    await call('erase:confirm', value.token);
    expect(await call('recording:chunk', second.value.id, new Uint8Array([2]))).toMatchObject({ ok: false, error: { code: 'recording-not-active' } });
    expect(await readdir(dir)).toEqual(['data', 'export.webm']); // the user's own export is theirs, outside Parley's data
    expect(await readdir(path.join(dir, 'data'))).toEqual([]);
    await main.close();
  });

  it('records into the chosen folder; the library, and "erase everything", still cover the earlier folder', async () => {
    const chosen = path.join(dir, 'Videos');
    const { main, call } = services(NO_POLICY, async () => chosen);
    const first = (await call('recording:start', ...(await startArgs(call, 1)))) as { ok: true; value: { id: string } };
    await call('recording:stop', first.value.id);
    const picked = (await call('recording:chooseFolder')) as { ok: true; value: string };
    expect(picked.value).toBe(chosen);
    expect(await call('settings:set', { recordingFolder: picked.value })).toMatchObject({ ok: true, value: { recordingFolder: { value: chosen } } });
    const second = (await call('recording:start', ...(await startArgs(call, 2)))) as { ok: true; value: { id: string } };
    await call('recording:stop', second.value.id);
    expect(await readdir(chosen)).toEqual([second.value.id]);
    expect(await readdir(path.join(dir, 'data', 'recordings'))).toEqual([first.value.id]);
    expect(((await call('recording:list')) as { value: { id: string }[] }).value.map((r) => r.id).sort()).toEqual([first.value.id, second.value.id].sort());

    const { value } = (await call('erase:request')) as { value: { token: string } };
    await call('erase:confirm', value.token);
    expect(await readdir(chosen)).toEqual([]); // the recordings are gone; the folder the user chose stays
    expect(await readdir(path.join(dir, 'data'))).toEqual([]);
    await main.close();
  });

  it('a policy folder that cannot be used: a clear message and the default folder, never a failure', async () => {
    await writeFile(path.join(dir, 'a-file'), 'not a folder');
    const { main, call } = services(policy({ recordingFolder: path.join(dir, 'a-file', 'recordings') }));
    expect(await call('recording:chooseFolder')).toMatchObject({ ok: false, error: { code: 'folder-picker-unavailable' } });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const started = (await call('recording:start', ...(await startArgs(call)))) as { ok: true; value: { id: string } };
    expect(started.ok).toBe(true);
    expect(await readdir(path.join(dir, 'data', 'recordings'))).toEqual([started.value.id]);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/cannot be created or written.*set by your organisation/);
    warn.mockRestore();
    await call('recording:stop', started.value.id);
    await main.close();
  });
});
