// Two installed copies of Parley (each page with its own main-services instance and data
// folder) get different identities and complete the X3DH + ML-KEM handshake in the renderer,
// with every step that needs a private key performed by main over IPC (window.parley). Each
// installation also has its own admin policy.
import { build } from 'esbuild';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_POLICY } from '../../main/policy/reader';
import type { PolicyReader } from '../../main/policy/reader';
import { startHarness } from '../harness/harness';
import type { Harness } from '../harness/harness';

let harness: Harness;
let bobPolicy: Record<string, unknown> = { allowScreenShare: false };
let bobPolicyChanged: () => void = () => {};

/** protocol/ code for the page, bundled as an IIFE on window.__kit (the renderer ships the same modules). */
async function kitSource(): Promise<string> {
  const result = await build({
    stdin: {
      contents: `
        import { nobleProvider } from './protocol/crypto/noble-provider';
        import { deriveRoomKeys } from './protocol/room/room';
        import { initiateSession, acceptSession } from './protocol/handshake/handshake';
        import { decodeEnvelope } from './protocol/wire/envelope';
        import { sealBaseBundle, openBaseBundle } from './protocol/keys/sealed-bundle';
        import { signingInput } from './protocol/ipc-contract';
        const keysOverIpc = (identityKey) => ({
          identityPublicKey: async () => identityKey,
          dhIdentity: (remote) => window.parley.dhIdentity(remote),
          dhPrekey: (ref, remote) => window.parley.dhPrekey(ref, remote),
          kemDecapsulate: (id, ct) => window.parley.kemDecapsulate(id, ct),
          commitInit: async (init) => void (await window.parley.commitInit(init)),
          sign: () => Promise.reject(new Error('the handshake never signs')),
        });
        window.__kit = { nobleProvider, deriveRoomKeys, initiateSession, acceptSession, decodeEnvelope, sealBaseBundle, openBaseBundle, signingInput, keysOverIpc, sessions: {} };`,
      resolveDir: path.resolve(import.meta.dirname, '..', '..'),
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    write: false,
  });
  return result.outputFiles[0]!.text;
}

// The page-side functions below run in Chromium; `window.__kit` and `window.parley` exist there.
/* eslint-disable @typescript-eslint/no-explicit-any */
type KitWindow = Window & { __kit: any };

beforeAll(async () => {
  // Bob's installation is managed: its admin policy turns screen sharing off.
  const managed: PolicyReader = {
    read: async () => ({ kind: 'found', source: '/etc/parley/policy.json', raw: bobPolicy }),
    watch: (onChange) => ((bobPolicyChanged = onChange), () => {}),
  };
  harness = await startHarness({ participants: 2, policyFor: (i) => (i === 1 ? managed : NO_POLICY) });
  const kit = await kitSource();
  await Promise.all(
    harness.pages.map(async ({ page }) => {
      await page.goto(`${harness.origin}/index.html`);
      // DevTools evaluation is exempt from the page's CSP (which forbids inline scripts).
      await page.evaluate(kit);
    }),
  );
});

afterAll(async () => {
  await harness?.close();
});

const identityOf = (page: Page) =>
  page.evaluate(async () => {
    const status = await window.parley!.getKeystoreStatus();
    if (status.state !== 'ready') throw new Error(`keystore ${status.state}`);
    return status.identityKey;
  });

describe('identities and the handshake through main', () => {
  it('gives each installation its own identity, and only public keys cross IPC', async () => {
    const [alice, bob] = harness.pages as [(typeof harness.pages)[0], (typeof harness.pages)[0]];
    const [a, b] = await Promise.all([identityOf(alice.page), identityOf(bob.page)]);
    expect(a).toBeInstanceOf(Uint8Array);
    expect(a).toHaveLength(32);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
    const prekeys = await bob.page.evaluate(() => window.parley!.getPublicPrekeys());
    expect(Object.keys(prekeys).sort()).toEqual(['identityKey', 'kemPrekey', 'oneTimePrekeys', 'signedPrekey']);
    expect(Object.keys(prekeys.signedPrekey).sort()).toEqual(['id', 'publicKey', 'signature']);
    expect(Object.keys(prekeys.oneTimePrekeys[0]!).sort()).toEqual(['id', 'publicKey']);
    expect(prekeys.oneTimePrekeys).toHaveLength(100);
  });

  it('completes a handshake whose private-key steps run in each page\'s main, and consumes the one-time prekey', async () => {
    const [alice, bob] = harness.pages as [(typeof harness.pages)[0], (typeof harness.pages)[0]];
    const roomSecret = new Uint8Array(32).map((_, i) => (i * 37 + 11) & 0xff);

    // Bob publishes his base bundle sealed under the room key, plus one one-time prekey.
    const published = await bob.page.evaluate(async (secret) => {
      const { __kit: kit } = window as unknown as KitWindow;
      const room = await kit.deriveRoomKeys(kit.nobleProvider, secret);
      const prekeys = await window.parley!.getPublicPrekeys();
      const { oneTimePrekeys, ...base } = prekeys;
      return { sealed: await kit.sealBaseBundle(kit.nobleProvider, room, base), oneTimePrekey: oneTimePrekeys[0]! };
    }, roomSecret);

    const envelope = await alice.page.evaluate(
      async ({ secret, sealed, oneTimePrekey }) => {
        const { __kit: kit } = window as unknown as KitWindow;
        const room = await kit.deriveRoomKeys(kit.nobleProvider, secret);
        const base = await kit.openBaseBundle(kit.nobleProvider, room, sealed);
        const status = await window.parley!.getKeystoreStatus();
        if (status.state !== 'ready') throw new Error('not ready');
        const started = await kit.initiateSession({
          provider: kit.nobleProvider, keys: kit.keysOverIpc(status.identityKey), room,
          bundle: { ...base, oneTimePrekey }, firstPayload: new TextEncoder().encode('hello from alice'),
        });
        kit.sessions.bob = started.session;
        return started.envelope as Uint8Array;
      },
      { secret: roomSecret, ...published },
    );

    const accepted = await bob.page.evaluate(
      async ({ secret, envelope }) => {
        const { __kit: kit } = window as unknown as KitWindow;
        const room = await kit.deriveRoomKeys(kit.nobleProvider, secret);
        const status = await window.parley!.getKeystoreStatus();
        if (status.state !== 'ready') throw new Error('not ready');
        const decoded = kit.decodeEnvelope(envelope);
        const result = await kit.acceptSession({ provider: kit.nobleProvider, keys: kit.keysOverIpc(status.identityKey), room, init: decoded.init });
        kit.sessions.alice = result.session;
        const replay = await kit
          .acceptSession({ provider: kit.nobleProvider, keys: kit.keysOverIpc(status.identityKey), room, init: decoded.init })
          .then(() => 'accepted twice', (e: { code?: string; message: string }) => e.code ?? e.message);
        return {
          first: new TextDecoder().decode(result.firstPayload),
          remoteIdentityKey: result.remoteIdentityKey as Uint8Array,
          reply: (await result.session.encrypt(new TextEncoder().encode('hello from bob'))) as Uint8Array,
          replay,
        };
      },
      { secret: roomSecret, envelope },
    );
    expect(accepted.first).toBe('hello from alice');
    expect(Buffer.from(accepted.remoteIdentityKey).equals(Buffer.from(await identityOf(alice.page)))).toBe(true);
    // The one-time prekey was consumed by Bob's main: the same init cannot be accepted again.
    expect(accepted.replay).toBe('invalid-key');

    const reply = await alice.page.evaluate(async (message) => {
      const { __kit: kit } = window as unknown as KitWindow;
      return new TextDecoder().decode(await kit.sessions.bob.decrypt(message));
    }, accepted.reply);
    expect(reply).toBe('hello from bob');

    // Bob's main did the private-key work; the renderer only ever asked for it.
    const bobChannels = bob.ipcLog.map((r) => r.channel);
    expect(bobChannels).toEqual(expect.arrayContaining(['identity:dhPrekey', 'identity:dhIdentity', 'identity:kemDecapsulate']));
    const remaining = await bob.page.evaluate(() => window.parley!.getPublicPrekeys());
    expect(remaining.oneTimePrekeys.map((k) => k.id)).not.toContain(published.oneTimePrekey.id);
  });

  it('signs only typed statements, with a domain-separated prefix the other side can verify', async () => {
    const [alice, bob] = harness.pages as [(typeof harness.pages)[0], (typeof harness.pages)[0]];
    const payload = new TextEncoder().encode('admit bob');
    const signature = await alice.page.evaluate((p) => window.parley!.sign('admission', p), payload);
    const aliceKey = await identityOf(alice.page);
    const verdicts = await bob.page.evaluate(
      async ({ key, payload, signature }) => {
        const { __kit: kit } = window as unknown as KitWindow;
        const verify = (purpose: string, bytes: Uint8Array) => kit.nobleProvider.ed25519Verify(key, bytes, signature);
        return {
          asAdmission: await verify('admission', kit.signingInput('admission', payload)),
          asConsent: await verify('recording-consent', kit.signingInput('recording-consent', payload)),
          asRawBytes: await verify('raw', payload),
        };
      },
      { key: aliceKey, payload, signature },
    );
    expect(verdicts).toEqual({ asAdmission: true, asConsent: false, asRawBytes: false });
    const refused = await alice.page.evaluate((p) => window.parley!.sign('prekey' as 'admission', p).then(() => 'signed', (e: { code: string }) => e.code), payload);
    expect(refused).toBe('invalid-argument');
  });

  it('reports each installation\'s admin policy to its renderer as locked settings', async () => {
    const [alice, bob] = harness.pages as [(typeof harness.pages)[0], (typeof harness.pages)[0]];
    const [free, managed] = await Promise.all([alice.page, bob.page].map((page) => page.evaluate(() => window.parley!.getEffectiveSettings())));
    expect(free!.allowScreenShare).toEqual({ value: true, source: 'default', lockedBy: null });
    expect(managed!.allowScreenShare).toEqual({ value: false, source: 'policy', lockedBy: 'policy' });
    const refused = await bob.page.evaluate(() => window.parley!.updateSettings({ allowScreenShare: true }).then(() => 'changed', (e: { code: string }) => e.code));
    expect(refused).toBe('locked-by-policy');
  });

  it('tells the renderer when the admin policy changes while it runs', async () => {
    const bob = harness.pages[1]!;
    await bob.page.evaluate(() => {
      (window as unknown as { __nextEvent: Promise<unknown> }).__nextEvent = window.parley!.nextMainEvent();
    });
    bobPolicy = { allowScreenShare: false, recordingMode: 'disabled' };
    bobPolicyChanged();
    const event = await bob.page.evaluate(() => (window as unknown as { __nextEvent: Promise<unknown> }).__nextEvent);
    expect(event).toEqual({ type: 'settings-changed' });
    const settings = await bob.page.evaluate(() => window.parley!.getEffectiveSettings());
    expect(settings.recordingMode).toEqual({ value: 'disabled', source: 'policy', lockedBy: 'policy' });
  });
});
