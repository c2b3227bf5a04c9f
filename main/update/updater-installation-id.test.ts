// The real electron-updater (not a stand-in) checks a local update feed: Parley's wrapped updater
// writes no `<userData>/.updaterId` and sends the same `x-user-staging-id` as every other
// installation; the unwrapped one (electron-updater's default) does write and send a random id,
// which shows the check would catch an electron-updater version where the override stopped working.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { type ClientRequest, type IncomingHttpHeaders, type IncomingMessage, type RequestOptions, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { HttpExecutor } from 'builder-util-runtime';
import { type AppUpdater, NsisUpdater } from 'electron-updater';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SHARED_UPDATER_ID, wrapElectronUpdater } from './electron-updater';

/** electron-updater's HTTP goes through Electron's net module; plain node:http here. */
class NodeHttpExecutor extends HttpExecutor<ClientRequest> {
  createRequest(options: RequestOptions, callback: (response: IncomingMessage) => void): ClientRequest {
    return request(options, callback);
  }
}

let userData: string;
let feed: ReturnType<typeof createServer>;
let feedUrl: string;
const requests: IncomingHttpHeaders[] = [];

beforeEach(async () => {
  userData = await mkdtemp(path.join(os.tmpdir(), 'parley-updater-'));
  requests.length = 0;
  feed = createServer((req, res) => {
    requests.push(req.headers);
    res.writeHead(200, { 'content-type': 'text/yaml' }).end('version: 0.1.0\nfiles: []\npath: Parley-0.1.0-win-setup.exe\nsha512: x\nreleaseDate: 2026-12-01T00:00:00.000Z\n');
  });
  await new Promise<void>((resolve) => feed.listen(0, '127.0.0.1', resolve));
  feedUrl = `http://127.0.0.1:${(feed.address() as AddressInfo).port}/`;
});
afterEach(async () => {
  await new Promise((resolve) => feed.close(resolve));
  await rm(userData, { recursive: true, force: true });
});

/** electron-updater's Windows updater with an app adapter instead of Electron's app. */
function realUpdater(): AppUpdater {
  const app = {
    version: '0.1.0',
    name: 'Parley',
    isPackaged: true,
    appUpdateConfigPath: path.join(userData, 'app-update.yml'),
    userDataPath: userData,
    baseCachePath: userData,
    whenReady: async () => {},
    quit: () => {},
    relaunch: () => {},
    onQuit: () => {},
  };
  const updater = new NsisUpdater(undefined, app);
  (updater as unknown as { httpExecutor: HttpExecutor<ClientRequest> }).httpExecutor = new NodeHttpExecutor();
  updater.setFeedURL({ provider: 'generic', url: feedUrl });
  return updater;
}

describe('the updater installation id', () => {
  it('is not created and not sent by Parley’s updater', async () => {
    const updater = realUpdater();
    wrapElectronUpdater(updater, () => {});
    updater.autoDownload = false; // the feed offers nothing to download anyway
    await updater.checkForUpdates();
    await updater.checkForUpdates();
    expect(requests).toHaveLength(2);
    for (const headers of requests) expect(headers['x-user-staging-id']).toBe(SHARED_UPDATER_ID);
    expect(existsSync(path.join(userData, '.updaterId'))).toBe(false);
  });

  it('would be created and sent by electron-updater left to itself', async () => {
    const updater = realUpdater();
    updater.logger = null;
    await updater.checkForUpdates();
    expect(existsSync(path.join(userData, '.updaterId'))).toBe(true);
    expect(requests[0]!['x-user-staging-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(requests[0]!['x-user-staging-id']).not.toBe(SHARED_UPDATER_ID);
  });
});
