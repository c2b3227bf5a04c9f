// Chromium inside a lab machine's namespace. playwright-core starts the "browser" through a
// generated wrapper script (`exec ip netns exec <ns> chromium "$@"`) and talks to it over a pipe
// (--remote-debugging-pipe), which no namespace boundary gets in the way of; `ip netns exec`
// execs in place, so the pid playwright kills is Chromium's. Flags are the harness's
// (test/harness/chromium.ts) except: no --allow-loopback-in-peer-connection (lab candidates
// must not be loopback), host-resolver rules that resolve the lab's host names to their lab
// addresses and nothing else, and trust for the lab certificate's key only.
import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { rendererFile } from '../harness/static-server';
import { CHROMIUM_PATH, chromiumArgs, launchChromium } from '../harness/chromium';
import type { LaunchedChromium } from '../harness/chromium';
import type { InternetHost } from './topology';

/** The address ranges the lab uses: IP literals in them are left to the network (every other name fails). */
const LAB_ADDRESS_PATTERNS = ['127.0.0.1', '203.0.113.*', '192.168.*', '10.*'];

/**
 * Each lab name, also with a trailing dot: WebRTC looks up ICE server names as absolute names
 * ("turn.lab.test."), which a rule for "turn.lab.test" does not match (docs/TESTING.md).
 */
export function labHostResolverRules(hosts: readonly InternetHost[]): string {
  const maps = hosts.flatMap((h) => [`MAP ${h.name} ${h.address}`, `MAP ${h.name}. ${h.address}`]);
  return [...maps, 'MAP * ~NOTFOUND', ...LAB_ADDRESS_PATTERNS.map((p) => `EXCLUDE ${p}`)].join(', ');
}

export interface NamespaceBrowserOptions {
  ns: string;
  /** Folder for the wrapper script and the profile. */
  dir: string;
  hosts: readonly InternetHost[];
  /** The lab certificate's key (base64 SHA-256), trusted for wss:// and https:// to lab hosts. */
  trustedSpki: string;
  /** More Chromium flags (not --disable-features: test/harness/chromium.ts merges that one). */
  extraArgs?: readonly string[];
}

export async function launchInNamespace(options: NamespaceBrowserOptions): Promise<LaunchedChromium> {
  const wrapper = path.join(options.dir, `chromium-${options.ns}.sh`);
  await writeFile(wrapper, `#!/bin/sh\nexec ip netns exec '${options.ns}' '${CHROMIUM_PATH}' "$@"\n`);
  await chmod(wrapper, 0o755);
  return launchChromium({
    executablePath: wrapper,
    parentDir: options.dir,
    args: chromiumArgs({
      loopbackCandidates: false,
      hostResolverRules: labHostResolverRules(options.hosts),
      extra: [`--ignore-certificate-errors-spki-list=${options.trustedSpki}`, ...(options.extraArgs ?? [])],
    }),
  });
}

/**
 * Serves `root` (dist/renderer) at `origin` (e.g. https://parley.lab.test) from the test process,
 * through request interception, with the CSP main sends. Such a page has no server address, and
 * Chromium puts it in the *public* address space: its WebSockets to loopback or private
 * addresses meet Local Network Access (docs/TESTING.md), even when `origin` is http://localhost.
 */
export async function serveThroughInterception(context: BrowserContext, origin: string, root: string): Promise<void> {
  await context.route(`${origin}/**`, async (route) => {
    const found = await rendererFile(root, new URL(route.request().url()).pathname);
    await route.fulfill(found ? { status: 200, body: found.body, headers: found.headers } : { status: 404 });
  });
}

/**
 * Local Network Access permissions for `origin`, by their CDP names: 'loopbackNetwork' lets a
 * page reach loopback, 'localNetwork' private addresses (measured: each covers only its own
 * kind; playwright's 'local-network-access' grants both).
 */
export async function grantLocalNetworkAccess(context: BrowserContext, origin: string, permissions: ReadonlyArray<'loopbackNetwork' | 'localNetwork'>): Promise<void> {
  if (permissions.length === 0) return;
  const browser = context.browser();
  if (!browser) throw new Error('lab: no browser behind this context');
  // The grant lasts as long as the session that made it: the session stays open with the browser.
  const session = await browser.newBrowserCDPSession();
  await session.send('Browser.grantPermissions', { permissions: [...permissions], origin });
}
