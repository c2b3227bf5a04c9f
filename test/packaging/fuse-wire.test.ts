import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConfiguration } from '../../electron-builder';
import { ELECTRON_DEFAULT_FUSES, createFakeElectronDist } from './fake-electron';
import { configuredFusesInWireOrder, fuseWireProblems } from './fuse-wire';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'parley-fuses-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('fuseWireProblems', () => {
  it('accepts an executable whose fuses are exactly as configured', async () => {
    // runAsNode 0, cookieEncryption 1, nodeOptions 0, inspect 0, asarIntegrity 1, onlyAsar 1, v8Snapshot 0, fileProtocol 0
    await createFakeElectronDist(dir, '01001100');
    expect(await fuseWireProblems(path.join(dir, 'electron'))).toEqual([]);
  });

  it('names every fuse still at Electron’s default', async () => {
    await createFakeElectronDist(dir, ELECTRON_DEFAULT_FUSES);
    expect(await fuseWireProblems(path.join(dir, 'electron'))).toEqual([
      'fuse RunAsNode is 1, expected 0',
      'fuse EnableCookieEncryption is 0, expected 1',
      'fuse EnableNodeOptionsEnvironmentVariable is 1, expected 0',
      'fuse EnableNodeCliInspectArguments is 1, expected 0',
      'fuse EnableEmbeddedAsarIntegrityValidation is 0, expected 1',
      'fuse OnlyLoadAppFromAsar is 0, expected 1',
      'fuse GrantFileProtocolExtraPrivileges is 1, expected 0',
    ]);
  });

  it('fails on an Electron with a fuse the configuration does not decide', async () => {
    await createFakeElectronDist(dir, '010011001');
    expect(await fuseWireProblems(path.join(dir, 'electron'))).toEqual([
      'the executable has 9 fuses, electron-builder.ts knows 8: decide the new ones',
    ]);
  });

  it('lists the configured fuses in wire order', () => {
    expect(configuredFusesInWireOrder(createConfiguration({}, 'linux'))).toEqual([false, true, false, false, true, true, false, false]);
  });
});
