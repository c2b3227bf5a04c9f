import { createServer } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../relay/logger';
import { startRelay } from '../../relay/server';
import { RawClient, blob, freePort, room } from '../../relay/test-helpers';
import { PolicyService } from '../policy/policy-service';
import type { PolicyReader } from '../policy/reader';
import { NO_POLICY } from '../policy/reader';
import { SettingsService } from '../settings/settings-service';
import { RelayHostingService, privateAddresses } from './relay-hosting';
import type { RelayHostingOptions } from './relay-hosting';

const LOOPBACK = 'ws://127.0.0.1:1111';
let dir: string;
const services: RelayHostingService[] = [];
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'parley-hosting-'));
});
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
  await rm(dir, { recursive: true, force: true });
});

const policyOf = (raw: unknown): PolicyReader => ({ read: async () => ({ kind: 'found', source: 'test', raw }), watch: () => () => {} });

function hostingWith(settings: SettingsService, overrides: Partial<RelayHostingOptions> = {}) {
  const changes: number[] = [];
  const hosting = new RelayHostingService({
    loopbackUrl: LOOPBACK,
    // A real relay, as main/electron/main.ts starts it; 127.0.0.1 stands in for the LAN address.
    startListener: async (host, port) => startRelay({ host, port, logger: silentLogger, stun: false }),
    localAddresses: () => ['127.0.0.1'],
    effectiveSettings: () => settings.effective(),
    rememberPort: async (port) => void (await settings.update({ localNetworkPort: port })),
    onChange: () => void changes.push(Date.now()),
    ...overrides,
  });
  services.push(hosting);
  return { hosting, changes };
}

async function joins(url: string): Promise<boolean> {
  try {
    const client = await RawClient.open(url);
    client.send({ type: 'join', roomId: room(9), bundle: { base: blob(1), oneTime: [] } });
    await client.next('joined');
    client.close();
    return true;
  } catch {
    return false;
  }
}

describe('how others reach meetings hosted here', () => {
  it('this computer only until a relay or the local network is chosen; a relay the person entered; the organisation\'s', async () => {
    const settings = new SettingsService(dir, new PolicyService(NO_POLICY));
    const { hosting } = hostingWith(settings);
    expect(await hosting.current()).toEqual({ reach: 'this-computer', relayUrl: LOOPBACK, reachableByOthers: false, localNetworkProblem: null });
    await settings.update({ relayUrl: 'wss://relay.example.org' });
    expect(await hosting.current()).toEqual({ reach: 'relay', relayUrl: 'wss://relay.example.org', reachableByOthers: true, localNetworkProblem: null });
    const managed = hostingWith(new SettingsService(dir, new PolicyService(policyOf({ relayUrl: 'wss://relay.example.eu' })))).hosting;
    expect(await managed.current()).toMatchObject({ reach: 'organisation', relayUrl: 'wss://relay.example.eu', reachableByOthers: true });
  });

  it('hostOnLocalNetwork starts a relay on the LAN address at once, on a port it keeps, and stops it when turned off', async () => {
    const settings = new SettingsService(dir, new PolicyService(NO_POLICY));
    const { hosting, changes } = hostingWith(settings);
    await settings.update({ hostOnLocalNetwork: true });
    await hosting.apply();
    const on = await hosting.current();
    expect(on).toMatchObject({ reach: 'local-network', reachableByOthers: true, localNetworkProblem: null });
    const port = (await settings.effective()).localNetworkPort.value!;
    expect(port).toBeGreaterThanOrEqual(49152);
    expect(on.relayUrl).toBe(`ws://127.0.0.1:${port}`);
    expect(await joins(on.relayUrl!)).toBe(true);
    expect(changes).toHaveLength(1);

    await settings.update({ hostOnLocalNetwork: false });
    await hosting.apply();
    expect((await hosting.current()).reach).toBe('this-computer');
    expect(await joins(on.relayUrl!)).toBe(false);

    // Back on: the same port, so links made earlier work again.
    await settings.update({ hostOnLocalNetwork: true });
    await hosting.apply();
    expect((await hosting.current()).relayUrl).toBe(`ws://127.0.0.1:${port}`);
    expect(changes).toHaveLength(3);
  });

  it('says why the LAN relay is not running: port taken, no local address, not possible here', async () => {
    const busy = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => busy.listen(port, '127.0.0.1', resolve));
    const settings = new SettingsService(dir, new PolicyService(NO_POLICY));
    await settings.update({ hostOnLocalNetwork: true, localNetworkPort: port });
    const { hosting } = hostingWith(settings);
    await hosting.apply();
    expect(await hosting.current()).toEqual({ reach: 'local-network', relayUrl: LOOPBACK, reachableByOthers: false, localNetworkProblem: 'port-unavailable' });
    busy.close();
    await hosting.apply();
    expect((await hosting.current()).relayUrl).toBe(`ws://127.0.0.1:${port}`);

    const noAddress = hostingWith(settings, { localAddresses: () => [] }).hosting;
    await noAddress.apply();
    expect((await noAddress.current()).localNetworkProblem).toBe('no-local-address');
    const noListener = new RelayHostingService({ loopbackUrl: LOOPBACK, effectiveSettings: () => settings.effective(), rememberPort: async () => {}, onChange: () => {} });
    services.push(noListener);
    await noListener.apply();
    expect((await noListener.current()).localNetworkProblem).toBe('not-available');
  });

  it('finds only private IPv4 addresses of this computer', () => {
    for (const address of privateAddresses()) expect(address).toMatch(/^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/);
  });
});
