// parley-verify-consent as a DPO runs it: the one-file bundle (dist/tools/, shipped in the
// installers' resources/tools/) built into an empty folder and run there with plain `node`.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildVerifyConsent } from '../../scripts/build.mjs';
import { exportFile } from '../harness/consent-file';

let folder: string;
let command: string;

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'parley-verify-consent-'));
  command = await buildVerifyConsent({ outfile: path.join(folder, 'parley-verify-consent.mjs') });
}, 60_000);
afterAll(async () => folder && (await rm(folder, { recursive: true, force: true })));

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [command, ...args], { cwd: folder, encoding: 'utf8' });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('parley-verify-consent (bundled)', () => {
  it('is one file that needs nothing beside it', async () => {
    expect(await readdir(folder)).toEqual(['parley-verify-consent.mjs']);
    expect(run('--help')).toMatchObject({ code: 0, out: expect.stringContaining('Usage: parley-verify-consent') });
    expect(run().code).toBe(2);
  });

  it('says valid for an intact file (exit 0) and not valid once one byte changed (exit 1)', async () => {
    const text = await exportFile();
    const file = path.join(folder, 'consents.json');
    await writeFile(file, text);
    const intact = run(file);
    expect(intact.code, intact.err).toBe(0);
    expect(intact.out).toContain("Recorder's signature over this file: valid");
    expect(intact.out.match(/^ {2}valid {4}[0-9a-f]{64} {2}signed 2026-12-04 09:00:01 UTC$/gm)).toHaveLength(2);
    expect(intact.out).toContain('retention                30 days');
    expect(intact.out).toMatch(/RESULT: valid/);
    // One byte of a participant's join time: the recorder's signature no longer holds.
    const tampered = text.replace(/("joinedAt": \d+)\d/, (_, head: string) => `${head}7`);
    expect(tampered).not.toBe(text);
    await writeFile(file, tampered);
    const changed = run(file);
    expect(changed.code).toBe(1);
    expect(changed.out).toContain("Recorder's signature over this file: INVALID");
    expect(changed.out).toMatch(/RESULT: NOT valid/);
  });

  it('explains a file it cannot use (exit 2)', async () => {
    const file = path.join(folder, 'notes.json');
    await writeFile(file, '{"hello": 1}');
    expect(run(file)).toMatchObject({ code: 2, err: expect.stringContaining('not a Parley consent file: format must be "parley-consent-receipts"') });
    expect(run(path.join(folder, 'missing.json'))).toMatchObject({ code: 2, err: expect.stringContaining('cannot read') });
  });
});
