// Launches Debian's Chromium through playwright-core with the flags measured in TESTING.md.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium';

// playwright-core passes its own --disable-features list; a second flag would replace it, so
// ours is merged into one (TESTING.md). These are the ones playwright 1.65 passes plus ours.
const DISABLED_FEATURES = [
  'ImprovedCookieControls', 'LazyFrameLoading', 'GlobalMediaControls', 'DestroyProfileOnBrowserClose',
  'MediaRouter', 'DialMediaRouteProvider', 'AcceptCHFrame', 'AutoExpandDetailsElement',
  'CertificateTransparencyComponentUpdater', 'AvoidUnnecessaryBeforeUnloadCheckSync', 'Translate',
  'HttpsUpgrades', 'PaintHolding', 'ThirdPartyStoragePartitioning', 'LensOverlay', 'PlzDedicatedWorker',
  // ours: no mDNS multicast for host candidates
  'WebRtcHideLocalIpsWithMdns',
];

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
  '--mute-audio',
  '--allow-loopback-in-peer-connection',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
  `--disable-features=${DISABLED_FEATURES.join(',')}`,
];

export interface LaunchedChromium {
  context: BrowserContext;
  /** The profile folder; every process of this browser names it on its command line. */
  userDataDir: string;
  close(): Promise<void>;
}

/** One browser profile (fresh user-data-dir) = one installed Parley. */
export async function launchChromium(): Promise<LaunchedChromium> {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'parley-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    ignoreDefaultArgs: ['--disable-features'],
    viewport: { width: 1280, height: 800 },
  });
  return {
    context,
    userDataDir,
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
