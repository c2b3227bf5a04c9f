// A lab machine: an installation of Parley in a machine namespace. Its main services run in a
// child process there (children/machine.ts); its window is Chromium in the same namespace, with
// the same preload shim, init scripts and records as the harness's pages (preload-shim.ts),
// window.parley's calls forwarded to that child.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { CallNotification, IpcChannel, IpcContract, IpcOutcome, IpcResult } from '../../protocol/ipc-contract';
import type { LaunchedChromium } from '../harness/chromium';
import { RENDERER_DIST } from '../harness/harness';
import { prepareParleyPage } from '../harness/preload-shim';
import type { PageRecord } from '../harness/preload-shim';
import { grantLocalNetworkAccess, launchInNamespace, serveThroughInterception } from './browser';
import { type NamespaceChild, spawnInNamespace } from './child-process';
import type { MachineChildParams, MachineInfo } from './children/machine';
import { TRACK_CONNECTIONS_SCRIPT } from './observe';
import type { InternetHost, MachineSlot } from './topology';

export interface LabMachineOptions {
  /** Admin policy (the JSON main reads from its policy file); none by default. writePolicy() changes it later. */
  policy?: Record<string, unknown>;
  /** Start the embedded relay on this machine's loopback, as the app does (default true). */
  embeddedRelay?: boolean;
  appVersion?: string;
}

export interface OpenPageOptions {
  /**
   * 'loopback' (default): this machine's own copy of the renderer at http://127.0.0.1:<port>,
   * served from its namespace, like the harness's pages. Any other origin (e.g.
   * 'https://parley.lab.test') is served from the test process through request interception,
   * and such a page is in the public address space (Local Network Access applies).
   */
  origin?: 'loopback' | string;
  /** Local Network Access permissions granted to the page's origin (none by default). */
  localNetworkAccess?: ReadonlyArray<'loopbackNetwork' | 'localNetwork'>;
  /** Load index.html (default true). */
  navigate?: boolean;
  /** More Chromium flags, e.g. logging (`--enable-logging=stderr --vmodule=turn_port=3`, seen with DEBUG=pw:browser). */
  chromiumArgs?: readonly string[];
}

export interface LabPage extends PageRecord {
  page: Page;
  context: BrowserContext;
  /** The origin the renderer was loaded from. */
  origin: string;
  machine: LabMachine;
  /** The OS notifications this machine's main was asked to show (the machine's list). */
  notifications: CallNotification[];
}

export interface LabMachine {
  slot: MachineSlot;
  dataDir: string;
  policyFile: string;
  info: MachineInfo;
  notifications: CallNotification[];
  /** Main's side of one IPC call, exactly as the page's window.parley makes it. */
  invoke(channel: unknown, args: unknown): Promise<IpcOutcome<unknown>>;
  /** A typed IPC call that throws when main refuses. */
  call<C extends IpcChannel>(channel: C, ...args: IpcContract[C]['args']): Promise<IpcResult<C>>;
  /** Replaces the admin policy file (null removes it); main notices through its file watch. */
  writePolicy(policy: Record<string, unknown> | null): Promise<void>;
  /** Hands main a clicked link, as the OS does (main's deep-link path); false when main rejects it. */
  openLink(url: string): Promise<boolean>;
  identityKey(): Promise<Uint8Array>;
  openPage(options?: OpenPageOptions): Promise<LabPage>;
  close(): Promise<void>;
}

export interface MachineEnvironment {
  scratchDir: string;
  hosts(): InternetHost[];
  trustedSpki(): Promise<string>;
}

export async function startLabMachine(slot: MachineSlot, environment: MachineEnvironment, options: LabMachineOptions = {}): Promise<LabMachine> {
  const home = path.join(environment.scratchDir, `machine-${slot.label}`);
  const dataDir = path.join(home, 'data');
  const policyFile = path.join(home, 'policy.json');
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const writePolicy = async (policy: Record<string, unknown> | null) => {
    if (policy === null) await rm(policyFile, { force: true });
    else await writeFile(policyFile, JSON.stringify(policy));
  };
  if (options.policy) await writePolicy(options.policy);
  const params: MachineChildParams = { dataDir, policyFile, rendererDir: RENDERER_DIST, appVersion: options.appVersion ?? '0.0.0-lab', embeddedRelay: options.embeddedRelay ?? true };
  const child: NamespaceChild = await spawnInNamespace({ ns: slot.ns, name: `machine ${slot.label}`, entry: path.join(import.meta.dirname, 'children', 'machine.ts'), params, dir: environment.scratchDir });
  const notifications: CallNotification[] = [];
  child.on('notification', (n) => notifications.push(n as CallNotification));
  const browsers: LaunchedChromium[] = [];
  const info = await child.request<MachineInfo>('info');
  const invoke = (channel: unknown, args: unknown) => child.request<IpcOutcome<unknown>>('invoke', { channel, args });

  const machine: LabMachine = {
    slot,
    dataDir,
    policyFile,
    info,
    notifications,
    invoke,
    call: async (channel, ...args) => {
      const outcome = await invoke(channel, args);
      if (!outcome.ok) throw new Error(`${channel} refused: ${outcome.error.code} ${outcome.error.message}`);
      return outcome.value as IpcResult<typeof channel>;
    },
    writePolicy,
    openLink: (url) => child.request<boolean>('openLink', url),
    identityKey: async () => (await machine.call('identity:getPublicPrekeys')).identityKey,
    openPage: async (pageOptions = {}) => {
      const browser = await launchInNamespace({ ns: slot.ns, dir: home, hosts: environment.hosts(), trustedSpki: await environment.trustedSpki(), extraArgs: pageOptions.chromiumArgs });
      browsers.push(browser);
      const { context } = browser;
      const origin = !pageOptions.origin || pageOptions.origin === 'loopback' ? info.rendererOrigin : pageOptions.origin;
      if (origin !== info.rendererOrigin) await serveThroughInterception(context, origin, RENDERER_DIST);
      await grantLocalNetworkAccess(context, origin, pageOptions.localNetworkAccess ?? []);
      const page = context.pages()[0] ?? (await context.newPage());
      await page.addInitScript({ content: TRACK_CONNECTIONS_SCRIPT });
      const record = await prepareParleyPage(page, invoke);
      if (pageOptions.navigate ?? true) await page.goto(`${origin}/index.html`);
      return { page, context, origin, machine, notifications, ...record };
    },
    close: async () => {
      await Promise.allSettled(browsers.map((b) => b.close()));
      await child.close();
    },
  };
  return machine;
}
