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

const COMMON_ARGS = [
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
];

/** Only 127.0.0.1 resolves (as itself): Chromium makes no DNS look-ups of its own (TESTING.md). */
const LOOPBACK_ONLY_RESOLVER = 'MAP * ~NOTFOUND , EXCLUDE 127.0.0.1';

export interface ChromiumFlags {
  /** Gather 127.0.0.1 ICE candidates (the harness's loopback-only namespace needs them; the lab must not have them). */
  loopbackCandidates: boolean;
  /** --host-resolver-rules; default: nothing resolves but 127.0.0.1. */
  hostResolverRules?: string;
  extra?: readonly string[];
}

export function chromiumArgs({ loopbackCandidates, hostResolverRules = LOOPBACK_ONLY_RESOLVER, extra = [] }: ChromiumFlags): string[] {
  return [
    ...COMMON_ARGS,
    ...(loopbackCandidates ? ['--allow-loopback-in-peer-connection'] : []),
    `--host-resolver-rules=${hostResolverRules}`,
    `--disable-features=${DISABLED_FEATURES.join(',')}`,
    ...extra,
  ];
}

export interface LaunchedChromium {
  context: BrowserContext;
  /** The profile folder; every process of this browser names it on its command line. */
  userDataDir: string;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** Default: Debian's Chromium; the lab passes a wrapper that starts it inside a namespace. */
  executablePath?: string;
  /** Default: the harness's flags (loopback candidates, nothing but 127.0.0.1 resolves). */
  args?: string[];
  /** Where the profile folder goes; default the system temp folder. */
  parentDir?: string;
}

/** One browser profile (fresh user-data-dir) = one installed Parley. */
export async function launchChromium(options: LaunchOptions = {}): Promise<LaunchedChromium> {
  const userDataDir = await mkdtemp(path.join(options.parentDir ?? tmpdir(), 'parley-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: options.executablePath ?? CHROMIUM_PATH,
    headless: true,
    args: options.args ?? chromiumArgs({ loopbackCandidates: true }),
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
