// A static audit of everything that ships: which code could open a network connection at all.
// The e2e test (test/e2e/privacy-network.e2e.test.ts) watches a real call; this one keeps new
// code from adding a way to phone home that the call does not exercise (an update check, a
// crash upload, an analytics beacon, a geolocation lookup).
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

interface Rule {
  name: string;
  pattern: RegExp;
  /** Files (relative to the repository) where the pattern is expected, with the reason. */
  allowedIn: Record<string, string>;
}

const NODE_NETWORK_MODULES = /from\s+'(?:node:)?(?:http|https|http2|net|tls|dgram|dns)'|require\('(?:node:)?(?:http|https|http2|net|tls|dgram|dns)'\)/;

const MAIN_RULES: Rule[] = [
  { name: 'Node network module', pattern: NODE_NETWORK_MODULES, allowedIn: {} },
  { name: "Electron's net / crashReporter / autoUpdater", pattern: /\b(?:net|crashReporter|autoUpdater)\b[^;]*from\s+'electron'|\bcrashReporter\.|\bnet\.(?:request|fetch)\(/, allowedIn: {} },
  {
    name: 'electron-updater',
    pattern: /'electron-updater'/,
    allowedIn: { 'main/update/electron-updater.ts': 'loaded only when the auto-update decision (policy, user, signed HTTPS feed) is on' },
  },
  { name: 'fetch / WebSocket client in main', pattern: /\bfetch\(|new WebSocket\(/, allowedIn: {} },
];

const RENDERER_RULES: Rule[] = [
  { name: 'HTTP request API', pattern: /\bfetch\(|XMLHttpRequest|sendBeacon|new EventSource\(|importScripts\(|new Image\(/, allowedIn: {} },
  { name: 'geolocation', pattern: /navigator\.geolocation/, allowedIn: {} },
  {
    name: 'WebSocket',
    pattern: /\bWebSocket\b(?!Impl)/,
    allowedIn: {
      'renderer/call/start-engine.ts': 'hands the browser WebSocket to the relay connection',
      'renderer/call/engine/relay-connection.ts': 'the relay connection: the configured relay URL only',
      'protocol/relay-client/client.ts': 'the relay client: opens the URL it is given (the relay)',
      'renderer/contacts/start-ringing.ts': 'hands the browser WebSocket to the contact mailbox link',
      'renderer/call/reachability.ts': 'the reachability check: joins a random room on the relay being checked, sends nothing',
      'renderer/contacts/mailbox-link.ts': 'contact mailboxes: the relay named in our own card or in the contact\'s card',
    },
  },
];

/** Source without comments (so explanations may name what the code never does). */
function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

function violations(files: ReadonlyMap<string, string>, rules: readonly Rule[]): string[] {
  const found: string[] = [];
  for (const [file, source] of files) {
    const code = stripComments(source);
    for (const rule of rules) {
      if (rule.pattern.test(code) && !Object.hasOwn(rule.allowedIn, file)) found.push(`${file}: ${rule.name}`);
    }
  }
  return found;
}

async function sources(folder: string): Promise<Map<string, string>> {
  const names = (await readdir(path.join(ROOT, folder), { recursive: true })).map(String);
  const files = names.filter((name) => /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name));
  return new Map(await Promise.all(files.map(async (name) => [path.posix.join(folder, name.split(path.sep).join('/')), await readFile(path.join(ROOT, folder, name), 'utf8')] as const)));
}

describe('network audit of the shipped code', () => {
  it('main and preload open no connection of their own (the update check aside)', async () => {
    const files = new Map([...(await sources('main')), ...(await sources('preload'))]);
    expect(files.size).toBeGreaterThan(20);
    expect(violations(files, MAIN_RULES)).toEqual([]);
  });

  it('renderer and protocol reach the network only through the relay WebSocket (and WebRTC)', async () => {
    const files = new Map([...(await sources('renderer')), ...(await sources('protocol'))]);
    expect(files.size).toBeGreaterThan(20);
    expect(violations(files, RENDERER_RULES)).toEqual([]);
  });

  it('the audit catches each way of phoning home', () => {
    const planted = new Map([
      ['main/a.ts', "import https from 'node:https';"],
      ['main/b.ts', "import { crashReporter } from 'electron';"],
      ['main/c.ts', "crashReporter.start({ uploadToServer: true });"],
      ['main/d.ts', "const { autoUpdater } = await import('electron-updater');"],
      ['main/e.ts', "await fetch('https://telemetry.example/');"],
      ['main/f.ts', "// fetch( in a comment is fine\nconst x = 'http://example.org'; // neither is a URL in a string"],
    ]);
    expect(violations(planted, MAIN_RULES)).toEqual(['main/a.ts: Node network module', "main/b.ts: Electron's net / crashReporter / autoUpdater", "main/c.ts: Electron's net / crashReporter / autoUpdater", 'main/d.ts: electron-updater', 'main/e.ts: fetch / WebSocket client in main']);
    const renderer = new Map([
      ['renderer/a.ts', "navigator.sendBeacon('https://analytics.example/', data);"],
      ['renderer/b.ts', 'navigator.geolocation.getCurrentPosition(() => {});'],
      ['renderer/c.ts', "new WebSocket('wss://tracker.example/');"],
    ]);
    expect(violations(renderer, RENDERER_RULES)).toEqual(['renderer/a.ts: HTTP request API', 'renderer/b.ts: geolocation', 'renderer/c.ts: WebSocket']);
  });
});
