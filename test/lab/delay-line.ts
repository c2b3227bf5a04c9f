// Delay on the lab's internet links. `tc netem` would be the usual tool, but the kernel of the
// machines this lab was built on has no netem (CONFIG_NET_SCH_NETEM is not set: "Specified qdisc
// kind is unknown"), nor any other qdisc or tc action that can hold a packet for a time
// (docs/TESTING.md). VXLAN is in every stock kernel, so this works on any of them: each delayed link is a pair of VXLAN devices (kernel) whose UDP datagrams all go through a
// small Node process that holds each one for the link's delay (children/delay-line.ts):
//
//   router ns: wan (vxlan VNI 2k)          internet ns: h<k> (vxlan VNI 2k+1, on the bridge)
//        \___ underlay in the wire namespace (10.255.0.1), every datagram sent to ___/
//             the delay namespace (10.255.0.2), held for delayMs, sent back with the other VNI
//
// A VXLAN device keeps its UDP socket in the namespace it was created in, so both ends are made
// in the wire namespace and then moved. Two details matter: the delay process must be in another
// namespace than the tunnels' sockets (to a local address the kernel bypasses the encapsulation),
// and the tunnels must not leave checksums to "hardware" (ethtool tx off): the inner checksum of
// an offloaded packet is never filled in on this path and the far end would drop it.
import path from 'node:path';
import { type NamespaceChild, spawnInNamespace } from './child-process';
import { inNamespace, ipBatch } from './shell';

export const WIRE_ADDRESS = '10.255.0.1';
export const DELAY_ADDRESS = '10.255.0.2';
const VXLAN_PORT = 4789;

export interface DelayedLink {
  /** The namespaces and names the two ends get. */
  routerNs: string;
  routerDevice: string;
  internetNs: string;
  internetDevice: string;
  delayMs: number;
}

export interface DelayLine {
  child: NamespaceChild;
  /** Datagrams the delay process forwarded per link (both directions), in `links` order. */
  counts(): Promise<number[]>;
}

const vniOf = (linkIndex: number, end: 'router' | 'internet') => 100 + 2 * linkIndex + (end === 'router' ? 0 : 1);

/** Builds the tunnels in `wireNs` (lo only so far) and `delayNs`, moves their ends into place, starts the delay process. */
export async function buildDelayLine(wireNs: string, delayNs: string, links: readonly DelayedLink[], scratchDir: string): Promise<DelayLine> {
  await ipBatch(wireNs, [
    'link set lo up',
    `link add underlay type veth peer name underlay netns ${delayNs}`,
    `addr add ${WIRE_ADDRESS}/30 dev underlay`,
    'link set underlay mtu 9000 up',
    ...links.flatMap((_, k) => [
      `link add t${k}r type vxlan id ${vniOf(k, 'router')} dstport ${VXLAN_PORT} local ${WIRE_ADDRESS} nolearning`,
      `link add t${k}i type vxlan id ${vniOf(k, 'internet')} dstport ${VXLAN_PORT} local ${WIRE_ADDRESS} nolearning`,
    ]),
  ]);
  await ipBatch(delayNs, ['link set lo up', `addr add ${DELAY_ADDRESS}/30 dev underlay`, 'link set underlay mtu 9000 up']);
  // Every frame (ARP broadcasts too) goes to the delay process; checksums are computed before encapsulation.
  await inNamespace(
    wireNs,
    links.map((_, k) => `bridge fdb append 00:00:00:00:00:00 dev t${k}r dst ${DELAY_ADDRESS}; bridge fdb append 00:00:00:00:00:00 dev t${k}i dst ${DELAY_ADDRESS}; ethtool -K t${k}r tx off >/dev/null; ethtool -K t${k}i tx off >/dev/null`).join('\n'),
  );
  await ipBatch(
    wireNs,
    links.flatMap((link, k) => [`link set t${k}r netns ${link.routerNs}`, `link set t${k}i netns ${link.internetNs}`]),
  );
  await Promise.all(
    links.flatMap((link, k) => [
      ipBatch(link.routerNs, [`link set t${k}r name ${link.routerDevice}`]),
      ipBatch(link.internetNs, [`link set t${k}i name ${link.internetDevice}`]),
    ]),
  );
  const delayMsByVni = Object.fromEntries(links.flatMap((link, k) => [[vniOf(k, 'router'), link.delayMs], [vniOf(k, 'internet'), link.delayMs]]));
  const child = await spawnInNamespace({
    ns: delayNs,
    name: 'delay-line',
    entry: path.join(import.meta.dirname, 'children', 'delay-line.ts'),
    params: { listen: DELAY_ADDRESS, peer: WIRE_ADDRESS, port: VXLAN_PORT, delayMsByVni },
    dir: scratchDir,
  });
  return {
    child,
    counts: async () => {
      const byVni = await child.request<Record<number, number>>('counts');
      return links.map((_, k) => (byVni[vniOf(k, 'router')] ?? 0) + (byVni[vniOf(k, 'internet')] ?? 0));
    },
  };
}
