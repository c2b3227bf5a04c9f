import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { T0, consentBy, exportFile, keyOf } from '../../test/harness/consent-file';
import { nobleProvider as provider } from '../crypto/noble-provider';
import type { RecordingRequest } from './consent';
import { ConsentExportError, canonicalJson, verifyConsentExport } from './consent-export';

describe('consent receipts file (PROTOCOL.md §12.6)', () => {
  it('verifies: the recorder signed it, every present participant consented to these terms', async () => {
    const report = await verifyConsentExport(provider, await exportFile());
    expect(report.valid).toBe(true);
    expect(report.recorderSignatureValid).toBe(true);
    expect(report.consents.map((c) => c.verdict)).toEqual([{ ok: true, consentedAt: T0 + 1000 }, { ok: true, consentedAt: T0 + 1000 }]);
    expect(report.withoutConsent).toEqual([]);
  });

  it('the signature covers the content, not the layout', async () => {
    const text = await exportFile();
    const compact = JSON.stringify(JSON.parse(text));
    expect((await verifyConsentExport(provider, compact)).valid).toBe(true);
    expect(canonicalJson({ b: [1, { d: null, c: 'x' }], a: true })).toBe('{"a":true,"b":[1,{"c":"x","d":null}]}');
  });

  it('any one character changed fails it', async () => {
    const text = await exportFile();
    // Every 7th digit or letter a-f, in values and names alike, changed to another of its kind.
    const positions = [...text.matchAll(/[0-9a-f]/g)].map((m) => m.index);
    let tried = 0;
    for (const i of positions.filter((_, n) => n % 7 === 0)) {
      const c = text[i]!;
      const changed = text.slice(0, i) + (c === '0' ? '1' : /[1-9]/.test(c) ? String(Number(c) - 1) : c === 'a' ? 'b' : 'a') + text.slice(i + 1);
      let valid: boolean;
      try {
        valid = (await verifyConsentExport(provider, changed)).valid;
      } catch (error) {
        expect(error).toBeInstanceOf(ConsentExportError);
        valid = false;
      }
      expect(valid, `character ${i} ('${c}') changed`).toBe(false);
      tried++;
    }
    expect(tried).toBeGreaterThan(50);
  });

  it('a file re-signed by someone else, or a consent for other terms, does not verify', async () => {
    expect((await verifyConsentExport(provider, await exportFile({ signer: 2 }))).recorderSignatureValid).toBe(false);
    const otherTerms: RecordingRequest = { recordingId: new Uint8Array(16).fill(9), roomId: new Uint8Array(32).fill(8), recorder: await keyOf(1), requestedAt: T0, retentionDays: 7, mode: 'consent-all' };
    const report = await verifyConsentExport(provider, await exportFile({ consenting: [2], extra: [await consentBy(3, otherTerms)] }));
    expect(report.valid).toBe(false);
    expect(report.consents[1]!.verdict).toMatchObject({ ok: false, problem: 'wrong-terms' });
    expect(report.withoutConsent).toEqual([bytesToHex(await keyOf(3))]);
  });

  it('under consent-all a present participant without consent fails it; under notify it is reported only', async () => {
    const all = await verifyConsentExport(provider, await exportFile({ consenting: [2] }));
    expect(all).toMatchObject({ valid: false, withoutConsent: [bytesToHex(await keyOf(3))] });
    const notify = await verifyConsentExport(provider, await exportFile({ mode: 'notify', consenting: [2] }));
    expect(notify).toMatchObject({ valid: true, withoutConsent: [bytesToHex(await keyOf(3))] });
  });

  it('a consent by someone not among the participants, or signed before the request, does not count', async () => {
    const request: RecordingRequest = { recordingId: new Uint8Array(16).fill(9), roomId: new Uint8Array(32).fill(8), recorder: await keyOf(1), requestedAt: T0, retentionDays: 30, mode: 'consent-all' };
    const stranger = await verifyConsentExport(provider, await exportFile({ extra: [await consentBy(4, request)] }));
    expect(stranger.consents[2]!.verdict).toMatchObject({ ok: false, problem: 'not-present' });
    const early = await verifyConsentExport(provider, await exportFile({ consenting: [2], extra: [await consentBy(3, request, T0 - 3_600_000)] }));
    expect(early.consents[1]!.verdict).toMatchObject({ ok: false, problem: 'before-the-request' });
  });

  it('refuses what is not a consent file with the reason', async () => {
    await expect(verifyConsentExport(provider, 'not json')).rejects.toThrow(/not JSON/);
    await expect(verifyConsentExport(provider, '{"format":"x"}')).rejects.toThrow(/format must be/);
    const text = await exportFile({ body: (b) => void (b.version = 2 as 1) });
    await expect(verifyConsentExport(provider, text)).rejects.toThrow(/version 2 is not supported/);
    await expect(verifyConsentExport(provider, ' '.repeat(1024 * 1024 + 1))).rejects.toThrow(/larger than/);
    const broken = (await exportFile()).replace(/"consent": "[0-9a-f]{4}/, '"consent": "zz');
    await expect(verifyConsentExport(provider, broken)).rejects.toThrow(/each consent needs/);
  });
});
