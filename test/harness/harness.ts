// The end-to-end harness: N pages of the built renderer in real Chromium, each backed by its
// own main-services instance (own temp data folder), like N installed copies of Parley.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { createTestSealer } from '../../main/keystore/passphrase-sealer';
import { NO_POLICY } from '../../main/policy/reader';
import type { PolicyReader } from '../../main/policy/reader';
import { createMainServices } from '../../main/services';
import { startRelay } from '../../relay/server';
import type { RelayOptions, RunningRelay } from '../../relay/server';
import type { MainServices } from '../../main/services';
import type { CallNotification } from '../../protocol/ipc-contract';
import { chromiumArgs, launchChromium } from './chromium';
import type { LaunchedChromium } from './chromium';
import { dispatchIpc } from '../../main/ipc/dispatch';
import { prepareParleyPage } from './preload-shim';
import type { PageRecord } from './preload-shim';
import { serveRenderer } from './static-server';
import type { StaticServer } from './static-server';

export const RENDERER_DIST = path.resolve(import.meta.dirname, '..', '..', 'dist', 'renderer');

export interface HarnessPage extends PageRecord {
  page: Page;
  services: MainServices;
  dataDir: string;
  /** The OS notifications main was asked to show (notify:call), in order. */
  notifications: CallNotification[];
  /** Files main saved where a save dialog would have asked (a meeting's calendar file), in order. */
  savedFiles: Array<{ fileName: string; contents: Uint8Array }>;
}

export interface HarnessRelay {
  url: string;
  /** Every frame the relay forwarded, as it left the relay (to prove what it could see). */
  forwarded: Uint8Array[];
  /** Everything the relay logged (kept here instead of cluttering the test output). */
  logs: string[];
  /** Stops the relay (clients are told to reconnect), keeping its port for start(). */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** The value of one unlabelled metric of the running relay (relay/metrics.ts), e.g. parley_relay_connections. */
  metric(name: string): number;
}

export interface Harness {
  origin: string;
  pages: HarnessPage[];
  relay: HarnessRelay | null;
  close(): Promise<void>;
}

export interface HarnessOptions {
  participants: number;
  /** Start a real relay on 127.0.0.1 (the pages learn its URL from main's app info). */
  relay?: boolean | Omit<RelayOptions, 'host' | 'port' | 'onForward'>;
  /** Use an already running relay instead (nothing is captured then). */
  externalRelayUrl?: string;
  /** Fake cameras per browser (Chromium's fake device factory: fake_device_0, _1, …); 1 by default. */
  fakeCameras?: number;
  /** Admin policy per page (index 0..participants-1); none by default. */
  policyFor?: (index: number) => PolicyReader;
}

/** The harness's flags with Chromium's fake device factory making `count` cameras. */
function chromiumArgsWithCameras(count: number): string[] {
  return chromiumArgs({ loopbackCandidates: true })
    .filter((flag) => flag !== '--use-fake-device-for-media-stream')
    .concat(`--use-fake-device-for-media-stream=device-count=${count}`);
}

async function startHarnessRelay(options: Omit<RelayOptions, 'host' | 'port' | 'onForward'>): Promise<HarnessRelay> {
  const forwarded: Uint8Array[] = [];
  const logs: string[] = [];
  const record = (level: string) => (event: string, fields?: Record<string, unknown>) => void logs.push(JSON.stringify({ level, event, ...fields }));
  let port = 0;
  let running: RunningRelay | null = null;
  const relay: HarnessRelay = {
    url: '',
    forwarded,
    logs,
    start: async () => {
      running = await startRelay({
        logger: { info: record('info'), warn: record('warn') },
        ...options,
        host: '127.0.0.1',
        port,
        onForward: (bytes) => forwarded.push(bytes.slice()),
      });
      port = running.port;
      relay.url = running.url;
    },
    stop: async () => {
      await running?.close();
      running = null;
    },
    metric: (name) => {
      const line = running?.metricsText().split('\n').find((l) => l.startsWith(`${name} `));
      if (!line) throw new Error(`the relay reports no ${name}`);
      return Number(line.slice(name.length + 1));
    },
  };
  await relay.start();
  return relay;
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const server: StaticServer = await serveRenderer(RENDERER_DIST);
  const relay = options.relay ? await startHarnessRelay(options.relay === true ? {} : options.relay) : null;
  const browsers: LaunchedChromium[] = [];
  const pages: HarnessPage[] = [];
  try {
    for (let i = 0; i < options.participants; i++) {
      const dataDir = await mkdtemp(path.join(tmpdir(), `parley-main-${i}-`));
      // Records what main would show as OS notifications (the e2e pages are never focused).
      const notifications: CallNotification[] = [];
      const savedFiles: HarnessPage['savedFiles'] = [];
      const services = createMainServices({
        dataDir,
        appVersion: '0.0.0-test',
        platform: process.platform,
        embeddedRelayUrl: relay?.url ?? options.externalRelayUrl ?? null,
        sealing: { kind: 'sealer', sealer: createTestSealer() },
        policyReader: options.policyFor?.(i) ?? NO_POLICY,
        callNotifier: { notify: (notification) => notifications.push(notification) },
        // The save dialog of an export: <data folder>/exports/<the suggested name>.
        chooseRecordingExportPath: async (suggestedName) => {
          await mkdir(path.join(dataDir, 'exports'), { recursive: true });
          return path.join(dataDir, 'exports', suggestedName);
        },
        // As if the person accepted the save dialog's suggestion.
        saveFile: async (fileName, contents) => (savedFiles.push({ fileName, contents: contents.slice() }), true),
      });
      const browser = await launchChromium(options.fakeCameras ? { args: chromiumArgsWithCameras(options.fakeCameras) } : {});
      browsers.push(browser);
      const page = browser.context.pages()[0] ?? (await browser.context.newPage());
      const record = await prepareParleyPage(page, (channel, args) => dispatchIpc(services.handlers, channel, args));
      pages.push({ page, services, dataDir, notifications, savedFiles, ...record });
    }
  } catch (error) {
    await Promise.allSettled(browsers.map((b) => b.close()));
    await relay?.stop();
    await server.close();
    throw error;
  }
  return {
    origin: server.origin,
    pages,
    relay,
    close: async () => {
      await Promise.allSettled(browsers.map((b) => b.close()));
      await Promise.allSettled(pages.map(async (p) => { await p.services.close(); await rm(p.dataDir, { recursive: true, force: true }); }));
      await relay?.stop();
      await server.close();
    },
  };
}

/** Every page's identity public key (to prove the relay never saw one). */
export async function identityKeysOf(harness: Harness): Promise<Uint8Array[]> {
  return Promise.all(harness.pages.map(async ({ services }) => (await services.handlers['identity:getPublicPrekeys']()).identityKey));
}
