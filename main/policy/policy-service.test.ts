import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PolicyService } from './policy-service';
import type { PolicyReader } from './reader';
import { jsonFilePolicyReader } from './readers/json-file';
import { safestPolicy } from './schema';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'parley-policy-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('PolicyService', () => {
  it('has no policy when the source has none', async () => {
    const service = new PolicyService(jsonFilePolicyReader(path.join(dir, 'policy.json')));
    expect(await service.current()).toEqual({ values: {}, status: { source: null, errors: [] } });
  });

  it('turns an unreadable policy into the safest values plus a clear error', async () => {
    const file = path.join(dir, 'policy.json');
    await writeFile(file, 'not json');
    expect(await new PolicyService(jsonFilePolicyReader(file)).current()).toEqual({
      values: safestPolicy(),
      status: { source: file, errors: ['The policy file is not valid JSON'] },
    });
  });

  it('survives a reader that throws', async () => {
    const broken: PolicyReader = { read: async () => { throw new Error('EIO'); }, watch: () => () => {} };
    expect(await new PolicyService(broken).current()).toMatchObject({ values: safestPolicy(), status: { errors: ['The policy could not be read'] } });
  });

  it('picks up a changed policy file while running (fs.watch, debounced)', async () => {
    const file = path.join(dir, 'policy.json');
    await writeFile(file, JSON.stringify({ allowScreenShare: true }));
    const service = new PolicyService(jsonFilePolicyReader(file));
    expect((await service.current()).values).toEqual({ allowScreenShare: true });
    const changed = new Promise((resolve) => service.onChange(resolve));
    service.watch();
    await writeFile(file, JSON.stringify({ allowScreenShare: false, recordingMode: 'disabled' }));
    await changed;
    expect((await service.current()).values).toEqual({ allowScreenShare: false, recordingMode: 'disabled' });
    service.close();
  });
});
