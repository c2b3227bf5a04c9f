// A stand-in for an unpacked Electron distribution, for electron-builder's `electronDist` option:
// packaging runs offline and tests what goes into the package, not that Electron runs.
// electron-builder copies the folder, renames `electron` to the executable name, and flips the
// fuses in it. So the fake executable carries a fuse wire in the format @electron/fuses reads from
// the real binary: the sentinel, the wire version (1), the wire length, then one byte per fuse
// ('0' disabled, '1' enabled), here in Electron's shipped defaults.
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Electron's fuse-wire sentinel (electron/electron docs/tutorial/fuses.md, "How do I flip the fuses?"). */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/**
 * Electron's defaults, in wire order: runAsNode on, cookieEncryption off, nodeOptions on,
 * nodeCliInspect on, embeddedAsarIntegrityValidation off, onlyLoadAppFromAsar off,
 * loadBrowserProcessSpecificV8Snapshot off, grantFileProtocolExtraPrivileges on.
 */
export const ELECTRON_DEFAULT_FUSES = '10110001';

export async function createFakeElectronDist(dir: string, fuses = ELECTRON_DEFAULT_FUSES): Promise<string> {
  await mkdir(dir, { recursive: true });
  const executable = path.join(dir, 'electron');
  const wire = Buffer.concat([
    Buffer.from(`#!/bin/sh\necho "fake Electron for packaging tests" >&2\nexit 1\n# `),
    Buffer.from(FUSE_SENTINEL, 'ascii'),
    Buffer.from([1, fuses.length]),
    Buffer.from(fuses, 'ascii'),
    Buffer.from('\n'),
  ]);
  await writeFile(executable, wire);
  await chmod(executable, 0o755);
  return dir;
}
