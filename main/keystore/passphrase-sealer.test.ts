import { describe, expect, it } from 'vitest';
import { TEST_SCRYPT, createPassphraseSealer, createTestSealer } from './passphrase-sealer';
import { SealerError } from './sealer';

const secret = new Uint8Array(32).map((_, i) => i);

describe('passphrase sealer', () => {
  it('round-trips, and never writes the secret in the clear', async () => {
    const sealer = createPassphraseSealer('correct horse battery', TEST_SCRYPT);
    const sealed = await sealer.seal(secret);
    expect(Buffer.from(sealed).includes(Buffer.from(secret))).toBe(false);
    expect(await sealer.open(sealed)).toEqual(secret);
    // A fresh salt and nonce every time.
    expect(await sealer.seal(secret)).not.toEqual(sealed);
  });

  it('refuses a wrong passphrase with a typed error', async () => {
    const sealed = await createPassphraseSealer('correct horse battery', TEST_SCRYPT).seal(secret);
    const error = await createPassphraseSealer('wrong horse battery', TEST_SCRYPT).open(sealed).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SealerError);
    expect(error).toMatchObject({ code: 'wrong-passphrase' });
  });

  it('binds the cost parameters: a header edited to weaker scrypt settings is refused', async () => {
    const sealed = await createPassphraseSealer('correct horse battery', { logN: 11, r: 8, p: 1 }).seal(secret);
    const weakened = sealed.slice();
    weakened[5] = 10;
    await expect(createPassphraseSealer('correct horse battery', { logN: 11, r: 8, p: 1 }).open(weakened)).rejects.toMatchObject({ code: 'malformed' });
    // And an edited header that still meets the minimum fails authentication instead.
    const stronger = sealed.slice();
    stronger[5] = 12;
    await expect(createPassphraseSealer('correct horse battery', { logN: 11, r: 8, p: 1 }).open(stronger)).rejects.toMatchObject({ code: 'wrong-passphrase' });
  });

  it('refuses short passphrases and foreign bytes', async () => {
    expect(() => createPassphraseSealer('short', TEST_SCRYPT)).toThrow(SealerError);
    await expect(createTestSealer().open(new Uint8Array(80))).rejects.toMatchObject({ code: 'malformed' });
  });
});
