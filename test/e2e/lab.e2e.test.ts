// The network lab's own tests (test/lab/README.md): the topology it builds is the one it claims
// (NAT kinds, isolation, delay), it cleans up after itself even when a test fails, and its pages
// meet Local Network Access as the app would. Calls across it: lab-calls.e2e.test.ts.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Lab, type LabPage, createLab, withLab } from '../lab/lab';
import { grantLocalNetworkAccess } from '../lab/browser';
import { listNamespaces, sweepDeadLabs } from '../lab/names';
import { run } from '../lab/shell';

const labNamespaces = async (lab: { id: string }) => (await listNamespaces()).filter((ns) => ns.startsWith(`${lab.id}-`));

describe('lab: lifecycle', () => {
  it('creates its namespaces and removes every one on close, also when the test body fails', async () => {
    let seen: string[] = [];
    let scratch = '';
    let id = '';
    const failing = withLab({ homes: [{ nat: 'symmetric' }], lan: { machines: 1 } }, async (lab) => {
      seen = await labNamespaces(lab);
      scratch = lab.scratchDir;
      id = lab.id;
      await lab.netTool(lab.homes[0]!.machine.ns);
      throw new Error('the test failed');
    });
    await expect(failing).rejects.toThrow('the test failed');
    expect(seen.map((ns) => ns.slice(id.length + 1)).sort()).toEqual(['delay', 'h0m', 'h0r', 'inet', 'l0', 'lan', 'sink', 'wire']);
    expect((await listNamespaces()).filter((ns) => seen.includes(ns))).toEqual([]);
    expect(existsSync(scratch)).toBe(false);
  });

  it("sweeps what a dead run left behind, and nothing of a live run's", async () => {
    // A pid that is surely gone: a process that has exited.
    const deadPid = spawnSync('true').pid!;
    const dead = `plab-${deadPid}-abcd-inet`;
    const live = `plab-${process.pid}-abcd-inet`;
    await run('ip', ['netns', 'add', dead]);
    await run('ip', ['netns', 'add', live]);
    try {
      expect(await sweepDeadLabs()).toEqual([dead]);
      const left = await listNamespaces();
      expect(left).not.toContain(dead);
      expect(left).toContain(live);
    } finally {
      await run('ip', ['netns', 'delete', live]);
      await run('ip', ['netns', 'delete', dead]).catch(() => undefined);
    }
  });
});

describe('lab: network', () => {
  let lab: Lab;
  const ECHO_PORT = 3478;

  beforeAll(async () => {
    lab = await createLab({ homes: [{ nat: 'port-preserving' }, { nat: 'symmetric' }], lan: { machines: 2 } });
  });

  afterAll(async () => {
    await lab?.close();
  });

  it('a home reaches the relay over wss://, and the relay sees its router, not its private address', async () => {
    const relay = await lab.startRelay();
    const { cert } = await lab.certificate();
    const home = await lab.netTool(lab.homes[0]!.machine.ns);
    await home.webSocketOpen({ address: relay.host.address, port: relay.port }, { servername: relay.host.name, ca: cert });
    expect(await relay.clientAddresses()).toEqual([lab.homes[0]!.router.wanAddress]);
    expect(relay.url).toBe('wss://relay.lab.test');
    // Stopped, nothing listens; started again, on the same port.
    await relay.stop();
    expect(await home.tcpConnect({ address: relay.host.address, port: relay.port })).toMatchObject({ ok: false, error: 'ECONNREFUSED' });
    await relay.start();
    await home.webSocketOpen({ address: relay.host.address, port: relay.port }, { servername: relay.host.name, ca: cert });
  });

  it('homes cannot reach each other: not the machine, not the router, by private address', async () => {
    const [first, second] = lab.homes as [Lab['homes'][0], Lab['homes'][0]];
    const other = await lab.netTool(second.machine.ns);
    await other.tcpListen({ address: second.machine.address, port: 8000 });
    const home = await lab.netTool(first.machine.ns);
    for (const address of [second.machine.address, second.router.lanAddress]) {
      const result = await home.tcpConnect({ address, port: 8000 }, 1000);
      expect(result.ok, `${first.machine.label} -> ${address}`).toBe(false);
    }
    // The second home's own machine does serve there: the failure is the network, not the port.
    expect((await other.tcpConnect({ address: second.machine.address, port: 8000 })).ok).toBe(true);
  });

  it('port-preserving NAT keeps one mapping for two destinations; symmetric NAT makes a new one per destination', async () => {
    const internet = await lab.netTool(lab.internet.ns);
    const destinations = [await lab.internet.host('relay'), await lab.internet.host('turn')].map((h) => ({ address: h.address, port: ECHO_PORT }));
    for (const destination of destinations) await internet.udpEcho(destination);
    const [preserving, symmetric] = lab.homes as [Lab['homes'][0], Lab['homes'][0]];

    const preservingMappings = await (await lab.netTool(preserving.machine.ns)).udpMappings(40000, destinations);
    expect(preservingMappings).toEqual([`${preserving.router.wanAddress}:40000`, `${preserving.router.wanAddress}:40000`]);

    const symmetricMappings = await (await lab.netTool(symmetric.machine.ns)).udpMappings(40000, destinations);
    const [toRelay, toTurn] = symmetricMappings.map((m) => m?.split(':')) as [string[], string[]];
    expect([toRelay[0], toTurn[0]]).toEqual([symmetric.router.wanAddress, symmetric.router.wanAddress]);
    expect(toRelay[1]).not.toBe(toTurn[1]);
  });

  it('two homes behind port-preserving NATs punch a hole to each other, also when one side\'s first datagram arrives before the other has sent', async () => {
    const lab2 = await createLab({ homes: [{ nat: 'port-preserving' }, { nat: 'port-preserving' }], internetDelayMs: 0 });
    try {
      const [a, b] = lab2.homes as [Lab['homes'][0], Lab['homes'][0]];
      const [toolA, toolB] = await Promise.all([lab2.netTool(a.machine.ns), lab2.netTool(b.machine.ns)]);
      // Each knows the other's mapping as STUN would tell it (port kept). B starts; A's router gets B's datagram first.
      const [seenByA, seenByB] = await Promise.all([
        toolA.udpPunch(41000, { address: b.router.wanAddress, port: 42000 }, [150, 450, 750], 1000),
        toolB.udpPunch(42000, { address: a.router.wanAddress, port: 41000 }, [0, 300, 600, 900], 1000),
      ]);
      expect(seenByA).toEqual([`${b.router.wanAddress}:42000`]);
      expect(seenByB).toEqual([`${a.router.wanAddress}:41000`]);
    } finally {
      await lab2.close();
    }
  });

  it('the LAN reaches its own machines and nothing else', async () => {
    const [first, second] = lab.lan!.machines as [Lab['homes'][0]['machine'], Lab['homes'][0]['machine']];
    const peer = await lab.netTool(second.ns);
    await peer.tcpListen({ address: second.address, port: 8000 });
    const machine = await lab.netTool(first.ns);
    expect((await machine.tcpConnect({ address: second.address, port: 8000 })).ok).toBe(true);
    const relay = await lab.internet.host('relay');
    const out = await machine.tcpConnect({ address: relay.address, port: 443 }, 1000);
    expect(out).toMatchObject({ ok: false, error: 'ENETUNREACH' });
    expect((await run('ip', ['-n', first.ns, 'route', 'show'])).stdout.trim()).toBe(`10.10.0.0/24 dev eth0 proto kernel scope link src ${first.address}`);
  });

  it('the internet links add their delay: a home has >= 40 ms round trip to the internet, the LAN does not', async () => {
    const internet = await lab.netTool(lab.internet.ns);
    const relay = await lab.internet.host('relay');
    await internet.udpEcho({ address: relay.address, port: 7 });
    const home = await lab.netTool(lab.homes[0]!.machine.ns);
    const homeRtts = await home.udpRoundTrips({ address: relay.address, port: 7 }, 5);
    expect(Math.min(...homeRtts)).toBeGreaterThanOrEqual(40);

    const [first, second] = lab.lan!.machines as [Lab['homes'][0]['machine'], Lab['homes'][0]['machine']];
    await (await lab.netTool(second.ns)).udpEcho({ address: second.address, port: 7 });
    const lanRtts = await (await lab.netTool(first.ns)).udpRoundTrips({ address: second.address, port: 7 }, 5);
    expect(Math.min(...lanRtts)).toBeLessThan(20);
    // Every datagram really went through the delay line.
    expect((await lab.delayLine!.counts())[0]).toBeGreaterThanOrEqual(10);
  });
});

describe('lab: pages', () => {
  it('a page from a public origin meets Local Network Access on WebSockets to loopback and private addresses; the machine\'s own loopback copy does not', async () => {
    await withLab({ homes: [{ nat: 'port-preserving' }] }, async (lab) => {
      const machine = await lab.startMachine(lab.homes[0]!.machine);
      const relayUrl = machine.info.embeddedRelayUrl!;
      const opens = (page: LabPage['page'], url: string) =>
        page.evaluate(
          (target) =>
            new Promise<string>((resolve) => {
              const socket = new WebSocket(target);
              socket.onopen = () => (socket.close(), resolve('open'));
              socket.onclose = (event) => resolve(`closed ${event.code}`);
            }),
          url,
        );
      const publicPage = await machine.openPage({ origin: 'https://parley.lab.test' });
      expect(await publicPage.page.evaluate(() => [window.isSecureContext, typeof window.parley?.getAppInfo])).toEqual([true, 'function']);
      expect(await opens(publicPage.page, relayUrl)).toBe('closed 1006');
      expect(publicPage.errors.join('\n')).toContain('ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS');
      // The loopback permission (granted as openPage's localNetworkAccess option does) lets the same page through.
      await grantLocalNetworkAccess(publicPage.context, publicPage.origin, ['loopbackNetwork']);
      expect(await opens(publicPage.page, relayUrl)).toBe('open');
      const loopbackPage = await machine.openPage();
      expect(loopbackPage.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(await opens(loopbackPage.page, relayUrl)).toBe('open');
    });
  });
});
