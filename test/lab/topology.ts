// The lab's network: namespaces, veth pairs, bridges, NAT routers and delayed internet links,
// built from a small spec (README.md has the picture). Nothing here touches the host's own
// interfaces, routes or firewall: links are created from inside lab namespaces, directly into
// lab namespaces, and iptables only ever runs inside a router's namespace.
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type DelayLine, buildDelayLine } from './delay-line';
import { destroyNamespace, newLabId, scratchDirName, sweepDeadLabs } from './names';
import { inNamespace, ipBatch, run } from './shell';

/**
 * `port-preserving`: plain MASQUERADE keeps the source port, so a machine's mapping is the same
 * towards every destination (what STUN needs). `symmetric`: MASQUERADE --random-fully picks a
 * new random port for every new destination (address-and-port-dependent mapping: only TURN helps).
 */
export type NatMode = 'port-preserving' | 'symmetric';

export interface HomeSpec {
  nat: NatMode;
  /** Third octet of the home's 192.168.<subnet>.0/24; default 10 + the home's index. Two homes may share one, as real ones do. */
  subnet?: number;
  /** One-way delay of this home's internet link, ms; default the lab's internetDelayMs. */
  delayMs?: number;
}

export interface LabSpec {
  homes?: readonly HomeSpec[];
  /** An isolated LAN: one bridge, `machines` machines on 10.10.0.0/24, no route anywhere else. */
  lan?: { machines: number };
  /** One-way delay on every home's internet link, ms (so 2x this is a home's round trip to the internet). Default 20; 0 = none. */
  internetDelayMs?: number;
}

/** A place a machine (main services, Chromium) can run: a namespace and its address there. */
export interface MachineSlot {
  ns: string;
  address: string;
  /** For error messages and child names: 'home0', 'lan1'. */
  label: string;
}

export interface Home {
  index: number;
  nat: NatMode;
  delayMs: number;
  router: { ns: string; wanAddress: string; lanAddress: string };
  machine: MachineSlot;
}

/** An address on the internet with a lab host name (`relay.lab.test`) the lab's browsers resolve. */
export interface InternetHost {
  name: string;
  address: string;
}

export interface LabNetwork {
  id: string;
  /** A folder for this lab's files (certificates, data folders, wrapper scripts); removed on close. */
  scratchDir: string;
  internet: {
    ns: string;
    /** The host `<label>.lab.test`, given an address of its own on the internet bridge the first time. */
    host(label: string): Promise<InternetHost>;
    hosts(): InternetHost[];
  };
  homes: Home[];
  lan: { ns: string; machines: MachineSlot[] } | null;
  /** Every namespace this lab made. */
  namespaces(): string[];
  delayLine: DelayLine | null;
  close(): Promise<void>;
}

export const INTERNET_SUBNET = '203.0.113';
export const LAN_SUBNET = '10.10.0';
export const LAB_DOMAIN = 'lab.test';
/** Fixed addresses for the hosts most tests use; other names get .30 and up. */
const WELL_KNOWN_HOSTS: Record<string, number> = { relay: 10, turn: 20 };
const FIRST_OTHER_HOST = 30;
const routerWan = (index: number) => `${INTERNET_SUBNET}.${101 + index}`;
/** "The rest of the internet": the default route of the internet and of every router, a silent drop. */
const SINK_ADDRESS = `${INTERNET_SUBNET}.254`;

/** Namespace setup every lab namespace gets: loopback up, no IPv6 (keeps candidates and routes to what the lab built). */
const BASE_SYSCTL = 'sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1';

function routerScript(nat: NatMode): string {
  return [
    'sysctl -qw net.ipv4.ip_forward=1',
    `iptables -t nat -A POSTROUTING -o wan -j MASQUERADE${nat === 'symmetric' ? ' --random-fully' : ''}`,
    // A home router lets in only what answers something sent from inside, to the home or to
    // itself. Dropping the rest in INPUT (before conntrack confirms it) also matters for STUN:
    // otherwise a peer's check that arrives before our own first packet to that peer is
    // delivered to the router, leaves a conntrack entry for that address pair, and our own
    // packet then gets another port: port-preserving NAT would act like a symmetric one.
    'iptables -A FORWARD -i wan -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
    'iptables -A FORWARD -i wan -j DROP',
    'iptables -A INPUT -i wan -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
    'iptables -A INPUT -i wan -j DROP',
  ].join('\n');
}

export async function buildNetwork(spec: LabSpec): Promise<LabNetwork> {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) throw new Error('lab: the network lab needs Linux and root (ip netns); CI runs as root');
  await sweepDeadLabs();
  const id = newLabId();
  const scratchDir = path.join(tmpdir(), scratchDirName(id));
  await mkdir(scratchDir, { recursive: true, mode: 0o700 });
  const created: string[] = [];
  const ns = (role: string) => `${id}-${role}`;
  let delayLine: DelayLine | null = null;

  const close = async () => {
    await delayLine?.child.close();
    // Deleting a namespace deletes its interfaces; processes still inside are killed first.
    await Promise.allSettled(created.map((name) => destroyNamespace(name)));
    await rm(scratchDir, { recursive: true, force: true });
  };

  try {
    const internetNs = ns('inet');
    const sinkNs = ns('sink');
    const defaultDelay = spec.internetDelayMs ?? 20;
    const homes: Home[] = (spec.homes ?? []).map((home, index) => {
      const subnet = home.subnet ?? 10 + index;
      return {
        index,
        nat: home.nat,
        delayMs: home.delayMs ?? defaultDelay,
        router: { ns: ns(`h${index}r`), wanAddress: routerWan(index), lanAddress: `192.168.${subnet}.1` },
        machine: { ns: ns(`h${index}m`), address: `192.168.${subnet}.2`, label: `home${index}` },
      };
    });
    const lanMachines = Array.from({ length: spec.lan?.machines ?? 0 }, (_, j): MachineSlot => ({ ns: ns(`l${j}`), address: `${LAN_SUBNET}.${10 + j}`, label: `lan${j}` }));
    const lanNs = spec.lan ? ns('lan') : null;
    const delayed = homes.filter((home) => home.delayMs > 0);
    const wireNs = delayed.length > 0 ? ns('wire') : null;
    const delayNs = delayed.length > 0 ? ns('delay') : null;

    const all = [internetNs, sinkNs, ...homes.flatMap((h) => [h.router.ns, h.machine.ns]), ...(lanNs ? [lanNs] : []), ...lanMachines.map((m) => m.ns), ...(wireNs && delayNs ? [wireNs, delayNs] : [])];
    for (const name of all) {
      await run('ip', ['netns', 'add', name]);
      created.push(name);
    }
    await Promise.all(all.map((name) => inNamespace(name, BASE_SYSCTL)));

    // The internet: one bridge; the routers' WAN ends and the internet hosts' addresses are on it.
    // Everything else (a private address someone sends to) goes to the sink, which drops it
    // without a word, as the real internet does: without it, a send to 192.168.x.y from the
    // internet or a router fails at once with ENETUNREACH, which real hosts never see (coturn,
    // for one, ends an allocation whose relay socket gets such an error).
    await ipBatch(internetNs, [
      'link set lo up',
      'link add br0 type bridge',
      `addr add ${INTERNET_SUBNET}.1/24 dev br0`,
      'link set br0 up',
      `link add sink type veth peer name eth0 netns ${sinkNs}`,
      'link set sink master br0',
      'link set sink up',
      `route add default via ${SINK_ADDRESS}`,
    ]);
    // Forwarding is off in a new namespace: the sink drops what is not its own, and sends no ICMP.
    await ipBatch(sinkNs, ['link set lo up', `addr add ${SINK_ADDRESS}/24 dev eth0`, 'link set eth0 up']);
    const undelayed = homes.filter((home) => home.delayMs === 0);
    await ipBatch(internetNs, undelayed.map((home) => `link add h${home.index} type veth peer name wan netns ${home.router.ns}`));
    if (wireNs && delayNs) {
      delayLine = await buildDelayLine(
        wireNs,
        delayNs,
        delayed.map((home) => ({ routerNs: home.router.ns, routerDevice: 'wan', internetNs, internetDevice: `h${home.index}`, delayMs: home.delayMs })),
        scratchDir,
      );
    }
    await ipBatch(internetNs, homes.flatMap((home) => [`link set h${home.index} master br0`, `link set h${home.index} up`]));

    // Each home: router (WAN on the internet, LAN towards its one machine, NAT between) and machine.
    await Promise.all(
      homes.map(async (home) => {
        await ipBatch(home.router.ns, [
          'link set lo up',
          `addr add ${home.router.wanAddress}/24 dev wan`,
          'link set wan up',
          `link add lan type veth peer name eth0 netns ${home.machine.ns}`,
          `addr add ${home.router.lanAddress}/24 dev lan`,
          'link set lan up',
          `route add default via ${SINK_ADDRESS}`,
        ]);
        await ipBatch(home.machine.ns, ['link set lo up', `addr add ${home.machine.address}/24 dev eth0`, 'link set eth0 up', `route add default via ${home.router.lanAddress}`]);
        await inNamespace(home.router.ns, routerScript(home.nat));
      }),
    );

    if (lanNs) {
      await ipBatch(lanNs, ['link set lo up', 'link add br0 type bridge', 'link set br0 up', ...lanMachines.flatMap((m, j) => [`link add m${j} type veth peer name eth0 netns ${m.ns}`, `link set m${j} master br0`, `link set m${j} up`])]);
      // No default route: the LAN reaches nothing but itself.
      await Promise.all(lanMachines.map((m) => ipBatch(m.ns, ['link set lo up', `addr add ${m.address}/24 dev eth0`, 'link set eth0 up'])));
    }

    const internetHosts = new Map<string, InternetHost>();
    let nextOther = FIRST_OTHER_HOST;
    const host = async (label: string): Promise<InternetHost> => {
      if (!/^[a-z][a-z0-9-]{0,30}$/.test(label)) throw new Error(`lab: "${label}" is not a host label (lower-case letters, digits, -)`);
      const known = internetHosts.get(label);
      if (known) return known;
      const last = WELL_KNOWN_HOSTS[label] ?? nextOther++;
      const added = { name: `${label}.${LAB_DOMAIN}`, address: `${INTERNET_SUBNET}.${last}` };
      await ipBatch(internetNs, [`addr add ${added.address}/24 dev br0`]);
      internetHosts.set(label, added);
      return added;
    };

    return {
      id,
      scratchDir,
      internet: { ns: internetNs, host, hosts: () => [...internetHosts.values()] },
      homes,
      lan: lanNs ? { ns: lanNs, machines: lanMachines } : null,
      namespaces: () => [...created],
      delayLine,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
