// No third-party traffic, proven on a real call: two pages of the built renderer in Chromium,
// each with its own main services in this process, a real relay (handing out TURN credentials
// for a TURN address on 127.0.0.1), through the UI from "new meeting" to media both ways.
// Every request is recorded on four levels and anything but the app's origin, the relay and
// TURN on 127.0.0.1 fails the test:
//   * Chromium: playwright request events and routing (every HTTP(S) request of pages and
//     workers; routing aborts anything not allowed), WebSockets, and the CDP Network domain;
//   * WebRTC: the ICE servers every RTCPeerConnection is given, and the addresses of every ICE
//     candidate it gathered or paired with (getStats);
//   * CSP violations (a blocked remote font or script never becomes a request);
//   * this Node process (where main's services run): every net, dgram and DNS call, refused
//     unless it goes to loopback.
// `npm test` also runs all of this in a network namespace that has only loopback.
import dgram from 'node:dgram';
import dns from 'node:dns';
import { readFile, readdir } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admit, askToJoin, remoteMedia, sendChat, chatLog, startMeeting } from '../harness/call-flow';
import { RENDERER_DIST, startHarness } from '../harness/harness';
import type { Harness } from '../harness/harness';

const TURN_URL = 'turn:127.0.0.1:3478?transport=udp';

function isLoopbackHost(host: string): boolean {
  const name = host.replace(/^\[|\]$/g, '');
  return name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name);
}

/**
 * ICE host candidates are this machine's own addresses: only loopback inside `npm test`'s
 * network namespace; outside it, the machine's interfaces too (still nobody else's).
 */
function isOwnAddress(address: string): boolean {
  const own = Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address));
  return isLoopbackHost(address) || own.includes(address);
}

// ---- the Node side: every outgoing connection, datagram and name lookup of this process ----

interface NodeCall {
  api: string;
  host: string;
}

function recordNodeNetwork(): { calls: NodeCall[]; restore(): void } {
  const calls: NodeCall[] = [];
  const blocked = (api: string, host: string) => new Error(`privacy test: ${api} to ${host} refused`);
  const restores: Array<() => void> = [];
  function wrap<T extends object, K extends keyof T>(target: T, key: K, replacement: (original: T[K]) => T[K]): void {
    const original = target[key];
    target[key] = replacement(original);
    restores.push(() => {
      target[key] = original;
    });
  }

  wrap(net.Socket.prototype, 'connect', (original) =>
    function (this: net.Socket, ...args: unknown[]) {
      const first = args[0];
      const options = (Array.isArray(first) ? first[0] : first) as { host?: string; port?: number; path?: string | null } | number | string;
      // A string first argument or { path } is a local (Unix) socket, not network traffic.
      if (typeof options === 'string' || (typeof options === 'object' && options !== null && typeof options.path === 'string' && options.path !== '')) {
        return (original as (...a: unknown[]) => net.Socket).apply(this, args);
      }
      const host = typeof options === 'number' ? (typeof args[1] === 'string' ? args[1] : 'localhost') : (options?.host ?? 'localhost');
      calls.push({ api: 'net.connect', host });
      if (!isLoopbackHost(host)) {
        process.nextTick(() => this.destroy(blocked('net.connect', host)));
        return this;
      }
      return (original as (...a: unknown[]) => net.Socket).apply(this, args);
    } as never,
  );
  wrap(dgram.Socket.prototype, 'send', (original) =>
    function (this: dgram.Socket, ...args: unknown[]) {
      const host = args.find((a, i) => i > 0 && typeof a === 'string') as string | undefined;
      calls.push({ api: 'dgram.send', host: host ?? '(connected)' });
      if (host !== undefined && !isLoopbackHost(host)) throw blocked('dgram.send', host);
      return (original as (...a: unknown[]) => void).apply(this, args);
    } as never,
  );
  wrap(dgram.Socket.prototype, 'connect', (original) =>
    function (this: dgram.Socket, ...args: unknown[]) {
      const host = typeof args[1] === 'string' ? args[1] : 'localhost';
      calls.push({ api: 'dgram.connect', host });
      if (!isLoopbackHost(host)) throw blocked('dgram.connect', host);
      return (original as (...a: unknown[]) => void).apply(this, args);
    } as never,
  );
  for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny'] as const) {
    wrap(dns, name, (original) =>
      function (this: unknown, ...args: unknown[]) {
        calls.push({ api: `dns.${name}`, host: String(args[0]) });
        const callback = args.at(-1);
        if (!isLoopbackHost(String(args[0])) && typeof callback === 'function') {
          process.nextTick(() => (callback as (error: Error) => void)(blocked(`dns.${name}`, String(args[0]))));
          return undefined;
        }
        return (original as (...a: unknown[]) => unknown).apply(this, args);
      } as never,
    );
    wrap(dns.promises, name, (original) =>
      async function (this: unknown, ...args: unknown[]) {
        calls.push({ api: `dns.promises.${name}`, host: String(args[0]) });
        if (!isLoopbackHost(String(args[0]))) throw blocked(`dns.promises.${name}`, String(args[0]));
        return (original as (...a: unknown[]) => unknown).apply(this, args);
      } as never,
    );
  }
  return { calls, restore: () => restores.reverse().forEach((restore) => restore()) };
}

// ---- the Chromium side ----

interface PageTraffic {
  requests: string[];
  webSockets: string[];
  cdp: string[];
  aborted: string[];
}

async function recordPageTraffic(context: BrowserContext, page: Page, allowed: (url: string) => boolean): Promise<PageTraffic> {
  const traffic: PageTraffic = { requests: [], webSockets: [], cdp: [], aborted: [] };
  context.on('request', (request) => traffic.requests.push(request.url()));
  page.on('websocket', (socket) => traffic.webSockets.push(socket.url()));
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (allowed(url)) return route.continue();
    traffic.aborted.push(url);
    return route.abort('blockedbyclient');
  });
  const cdp = await context.newCDPSession(page);
  cdp.on('Network.requestWillBeSent', (event) => traffic.cdp.push(event.request.url));
  cdp.on('Network.webSocketCreated', (event) => traffic.cdp.push(event.url));
  await cdp.send('Network.enable');
  // Before any app script: note every RTCPeerConnection (its ICE servers, for getStats later)
  // and every CSP violation.
  await page.addInitScript({
    content: `(() => {
      const seen = { iceServers: [], connections: [], cspViolations: [] };
      Object.defineProperty(window, '__privacySeen', { value: seen });
      const Native = window.RTCPeerConnection;
      class RecordedPeerConnection extends Native {
        constructor(config, ...rest) {
          super(config, ...rest);
          for (const server of (config && config.iceServers) || []) seen.iceServers.push(...[].concat(server.urls));
          seen.connections.push(this);
        }
      }
      window.RTCPeerConnection = RecordedPeerConnection;
      document.addEventListener('securitypolicyviolation', (e) => seen.cspViolations.push(e.blockedURI + ' ' + e.violatedDirective));
    })();`,
  });
  return traffic;
}

interface WebRtcSeen {
  iceServers: string[];
  connections: number;
  candidateAddresses: string[];
  succeededPairs: number;
  cspViolations: string[];
}

async function webRtcSeen(page: Page): Promise<WebRtcSeen> {
  return page.evaluate(async () => {
    const seen = (window as unknown as { __privacySeen: { iceServers: string[]; connections: RTCPeerConnection[]; cspViolations: string[] } }).__privacySeen;
    const candidateAddresses: string[] = [];
    let succeededPairs = 0;
    for (const connection of seen.connections) {
      const stats = await connection.getStats();
      stats.forEach((report: { type: string; address?: string; state?: string }) => {
        if (report.type === 'local-candidate' || report.type === 'remote-candidate') candidateAddresses.push(report.address ?? '(none)');
        if (report.type === 'candidate-pair' && report.state === 'succeeded') succeededPairs++;
      });
    }
    return { iceServers: seen.iceServers, connections: seen.connections.length, candidateAddresses, succeededPairs, cspViolations: seen.cspViolations };
  });
}

let harness: Harness | undefined;
let node: ReturnType<typeof recordNodeNetwork> | undefined;

beforeAll(() => {
  node = recordNodeNetwork();
});

afterAll(async () => {
  await harness?.close();
  node?.restore();
});

describe('privacy: no third-party traffic', () => {
  it('the built renderer loads no remote fonts, styles or scripts', async () => {
    const files = await readdir(RENDERER_DIST, { recursive: true });
    const markup = files.filter((f) => /\.(html|css)$/.test(f));
    expect(markup.length).toBeGreaterThan(0);
    for (const file of markup) {
      const text = await readFile(path.join(RENDERER_DIST, file), 'utf8');
      expect(text, file).not.toMatch(/(?:src|href)\s*=\s*["']?(?:https?:)?\/\/|url\(\s*["']?(?:https?:)?\/\/|@import\s/i);
    }
  });

  it('a whole call talks only to the app origin, the relay and TURN on 127.0.0.1', async () => {
    harness = await startHarness({ participants: 2, relay: { turn: { secret: 'privacy-test-secret', urls: [TURN_URL] } } });
    const h = harness;
    const relayOrigin = new URL(h.relay!.url).origin;
    const allowedOrigins = new Set([h.origin, relayOrigin]);
    const allowed = (url: string) => url.startsWith('data:') || url.startsWith('blob:') || allowedOrigins.has(new URL(url).origin);

    const traffic = await Promise.all(h.pages.map(({ page }) => recordPageTraffic(page.context(), page, allowed)));
    const [host, guest] = h.pages.map((p) => p.page) as [Page, Page];
    await Promise.all([host, guest].map((page) => page.goto(`${h.origin}/index.html`)));
    const invite = await startMeeting(host, 'Alice Anders');
    await askToJoin(guest, invite, 'Bob Berger');
    await admit(host, 'Bob Berger');
    for (const [page, other] of [[host, 'Bob Berger'], [guest, 'Alice Anders']] as const) {
      await expect.poll(async () => (await remoteMedia(page, 800)).filter((m) => m.frames > 3).map((m) => m.name), { timeout: 30_000, interval: 500 }).toEqual([other]);
    }
    await sendChat(guest, 'nothing leaves this machine');
    await expect.poll(() => chatLog(host)).toContain('nothing leaves this machine');
    // The Node recorder is live: a request this process makes itself is seen (to loopback).
    await new Promise<void>((resolve, reject) => http.get(`${h.origin}/index.html`, (r) => r.resume().on('end', resolve)).on('error', reject));

    for (const [index, t] of traffic.entries()) {
      const page = h.pages[index]!.page;
      // Something was recorded on every level (the test cannot pass by seeing nothing)...
      expect(t.requests.length, `requests of page ${index}`).toBeGreaterThan(2);
      expect(t.cdp.length, `CDP requests of page ${index}`).toBeGreaterThan(2);
      expect(t.webSockets.length, `WebSockets of page ${index}`).toBeGreaterThan(0);
      // ...and all of it went where it may.
      expect([...t.requests, ...t.cdp, ...t.webSockets].filter((url) => !allowed(url)), `traffic of page ${index}`).toEqual([]);
      expect(t.aborted, `blocked requests of page ${index}`).toEqual([]);
      expect(new Set(t.webSockets.map((u) => new URL(u).origin))).toEqual(new Set([relayOrigin]));

      const rtc = await webRtcSeen(page);
      expect(rtc.connections, `peer connections of page ${index}`).toBeGreaterThan(0);
      expect(rtc.succeededPairs, `connected ICE pairs of page ${index}`).toBeGreaterThan(0);
      // No STUN server of anyone's: only the TURN server the relay handed out.
      expect(rtc.iceServers.length).toBeGreaterThan(0);
      expect(new Set(rtc.iceServers)).toEqual(new Set([TURN_URL]));
      expect(rtc.candidateAddresses.length).toBeGreaterThan(0);
      expect(rtc.candidateAddresses.filter((address) => !isOwnAddress(address)), `ICE candidates of page ${index}`).toEqual([]);
      expect(rtc.cspViolations, `CSP violations on page ${index}`).toEqual([]);
      expect(h.pages[index]!.errors, `console errors on page ${index}`).toEqual([]);
    }
    expect(node!.calls.length).toBeGreaterThan(0);
    expect(node!.calls.filter((call) => !isLoopbackHost(call.host))).toEqual([]);
  });
});
