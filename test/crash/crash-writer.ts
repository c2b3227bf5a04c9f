// The child process of crash.test.ts: opens one store in a data folder, says what it found, then
// writes new versions in a loop until it is killed. Lines on stdout (the parent reads them):
//   open <state>      the store opened; its content now
//   open-failed <why> the store did not open (damaged, refused): always a finding
//   writing <state>   a write of this content has started
//   ack <state>       that write returned: the content is durable
// Run as `node crash-writer.cjs <store> <data folder>` (bundled by esbuild for a fast start).
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';

export const STORES = ['keystore', 'contacts', 'settings', 'recording'] as const;
export type Store = (typeof STORES)[number];
/** The recording writer's key and id in every run (the parent opens the files with them). */
export const RECORDING_KEY = new Uint8Array(32).fill(0x5a);
export const RECORDING_ID = new Uint8Array(16).fill(0x17);
export const chunkContent = (index: number): Uint8Array => new TextEncoder().encode(`chunk ${index} `.repeat(1 + (index % 50)));

const say = (line: string) => process.stdout.write(`${line}\n`);
process.stdout.on('error', () => process.exit(0)); // the parent stopped listening

// Each store is built from its own modules (loaded on demand: the bundle is split per store),
// so a child starts in little more than Node's own start-up time.
async function openKeystore(dataDir: string) {
  const [{ KeystoreService }, { createTestSealer }, { nodeProvider }] = await Promise.all([
    import('../../main/keystore/keystore-service'),
    import('../../main/keystore/passphrase-sealer'),
    import('../../main/crypto/node-provider'),
  ]);
  const service = new KeystoreService({ dataDir, sealing: { kind: 'sealer', sealer: createTestSealer() }, crypto: nodeProvider, now: Date.now });
  const status = await service.getStatus();
  if (status.state !== 'ready') throw new Error(`keystore ${status.state}`);
  return { service, unlocked: await service.require(), provider: nodeProvider };
}

async function main(store: Store, dataDir: string): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  if (store === 'recording') {
    // A new recording per run: its file must always open with every acknowledged chunk.
    const { StreamWriter } = await import('../../main/recording/stream-writer');
    const file = path.join(dataDir, `run-${readdirSync(dataDir).length}.prec`);
    const writer = await StreamWriter.create(file, RECORDING_KEY, RECORDING_ID);
    say(`open ${path.basename(file)}`);
    for (let i = 0; ; i++) {
      say(`writing ${i + 1}`);
      await writer.append(chunkContent(i));
      say(`ack ${i + 1}`);
    }
  }
  if (store === 'settings') {
    const [{ SettingsService }, { PolicyService }, { NO_POLICY }] = await Promise.all([
      import('../../main/settings/settings-service'),
      import('../../main/policy/policy-service'),
      import('../../main/policy/reader'),
    ]);
    const settings = new SettingsService(dataDir, new PolicyService(NO_POLICY));
    const opened = (await settings.effective()).displayName.value || 'v0';
    say(`open ${opened}`);
    for (let n = Number(opened.slice(1)) + 1; ; n++) {
      say(`writing v${n}`);
      await settings.update({ displayName: `v${n}` });
      say(`ack v${n}`);
    }
  }
  if (store === 'keystore') {
    // State: the identity key and the one-time prekeys left; each write consumes the lowest one.
    const { unlocked } = await openKeystore(dataDir);
    const state = async () => {
      const prekeys = await unlocked.keystore.publicPrekeys();
      return { identity: Buffer.from(prekeys.identityKey).toString('hex'), ids: prekeys.oneTimePrekeys.map((k) => k.id) };
    };
    const opened = await state();
    say(`open ${JSON.stringify(opened)}`);
    for (let ids = opened.ids; ; ) {
      const id = Math.min(...ids);
      say(`writing consume ${id}`);
      await unlocked.keystore.commitInit({ ephemeralKey: crypto.getRandomValues(new Uint8Array(32)), signedPrekeyId: 1, oneTimePrekeyId: id });
      say(`ack consume ${id}`);
      ids = ids.filter((k) => k !== id);
      if (ids.length < 10) ids = (await state()).ids; // the keystore refills (a write of its own)
    }
  }
  // The contact book (sealed under the keystore's vault key). State: the history retention
  // preference, stepped 1..365, an exact value per write.
  const [{ ContactBookService }, { KnownIdentities }] = await Promise.all([import('../../main/contacts/contact-book'), import('../../main/identities/known-identities')]);
  const { unlocked, provider } = await openKeystore(dataDir);
  const vault = async () => unlocked.vault;
  const book = new ContactBookService({
    dataDir,
    vault,
    identities: new KnownIdentities(dataDir, vault),
    provider,
    identityKey: () => unlocked.keystore.identityPublicKey(),
    sign: () => Promise.reject(new Error('not used')),
    relayUrl: async () => null,
  });
  const opened = `d${(await book.get()).prefs.historyRetentionDays}`;
  say(`open ${opened}`);
  for (let days = Number(opened.slice(1)); ; ) {
    days = (days % 365) + 1;
    say(`writing d${days}`);
    await book.setPrefs({ doNotDisturb: days % 2 === 0, historyRetentionDays: days });
    say(`ack d${days}`);
  }
}

const [store, dataDir] = process.argv.slice(2);
if (store && dataDir && (STORES as readonly string[]).includes(store)) {
  main(store as Store, dataDir).catch((error: unknown) => say(`open-failed ${String(error).split('\n')[0]}`));
}
