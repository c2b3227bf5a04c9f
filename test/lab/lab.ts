// The network lab (README.md): createLab(spec) builds the namespaces; the lab then starts the
// relay, coturn, machines (main services + Chromium) and probes inside them, and close()
// removes all of it, in the reverse order, whatever state a failed test left it in.
import path from 'node:path';
import { type NamespaceChild, spawnInNamespace } from './child-process';
import type { ConnectResult, Endpoint } from './children/net-tool';
import { type LabCoturn, type LabCoturnOptions, startLabCoturn } from './coturn';
import { type LabMachine, type LabMachineOptions, startLabMachine } from './machine';
import { type LabRelay, type LabRelayOptions, startLabRelay } from './relay';
import { type LabCertificate, makeLabCertificate } from './tls';
import { type LabNetwork, type LabSpec, type MachineSlot, buildNetwork } from './topology';

export type { LabSpec, HomeSpec, NatMode, MachineSlot, Home, InternetHost } from './topology';
export type { LabRelay, LabRelayOptions } from './relay';
export type { LabCoturn, LabCoturnOptions } from './coturn';
export type { LabMachine, LabMachineOptions, LabPage, OpenPageOptions } from './machine';

/** Probes run inside one namespace (children/net-tool.ts). */
export interface NetTool {
  udpEcho(at: Endpoint): Promise<void>;
  /** From local UDP port `localPort`, what each udpEcho target saw as our address ("ip:port"), or null. */
  udpMappings(localPort: number, targets: readonly Endpoint[]): Promise<Array<string | null>>;
  /** From `localPort`, datagrams to `peer` at `sendAtMs` (ms from now); the senders of what arrived within `listenMs`. */
  udpPunch(localPort: number, peer: Endpoint, sendAtMs: readonly number[], listenMs: number): Promise<string[]>;
  udpRoundTrips(target: Endpoint, count: number): Promise<number[]>;
  tcpListen(at: Endpoint): Promise<void>;
  tcpConnect(target: Endpoint, timeoutMs?: number): Promise<ConnectResult>;
  /** A real wss:// client (ws) held open until the lab closes; `servername` and `ca` check the relay's certificate. */
  webSocketOpen(target: Endpoint, tls: { servername: string; ca: string }): Promise<void>;
}

export interface Lab extends Omit<LabNetwork, 'close'> {
  /** The lab's self-signed certificate for *.lab.test (made on first use). */
  certificate(): Promise<LabCertificate>;
  startRelay(options?: LabRelayOptions): Promise<LabRelay>;
  startCoturn(options?: LabCoturnOptions): Promise<LabCoturn>;
  startMachine(slot: MachineSlot, options?: LabMachineOptions): Promise<LabMachine>;
  /** The probes of namespace `ns` (one process per namespace, started on first use). */
  netTool(ns: string): Promise<NetTool>;
  close(): Promise<void>;
}

export async function createLab(spec: LabSpec): Promise<Lab> {
  const network = await buildNetwork(spec);
  try {
    // Host names every browser resolves (a browser knows the hosts that exist when it starts).
    await network.internet.host('relay');
    await network.internet.host('turn');
  } catch (error) {
    await network.close();
    throw error;
  }
  const closers: Array<() => Promise<void>> = [];
  const track = <T extends { close(): Promise<void> }>(started: T): T => {
    closers.push(() => started.close());
    return started;
  };
  let certificate: Promise<LabCertificate> | undefined;
  const getCertificate = () => (certificate ??= makeLabCertificate(network.scratchDir));
  const netTools = new Map<string, Promise<NetTool>>();
  const startNetTool = async (ns: string): Promise<NetTool> => {
    const child: NamespaceChild = track(await spawnInNamespace({ ns, name: `net-tool ${ns}`, entry: path.join(import.meta.dirname, 'children', 'net-tool.ts'), params: {}, dir: network.scratchDir }));
    return {
      udpEcho: async (at) => void (await child.request('udpEcho', at)),
      udpMappings: (localPort, targets) => child.request('udpMappings', { localPort, targets }),
      udpPunch: (localPort, peer, sendAtMs, listenMs) => child.request('udpPunch', { localPort, peer, sendAtMs, listenMs }),
      udpRoundTrips: (target, count) => child.request('udpRoundTrips', { target, count }),
      tcpListen: async (at) => void (await child.request('tcpListen', at)),
      tcpConnect: (target, timeoutMs) => child.request('tcpConnect', { ...target, timeoutMs }),
      webSocketOpen: async (target, tls) => void (await child.request('webSocketOpen', { ...target, ...tls })),
    };
  };
  let closed = false;
  return {
    ...network,
    certificate: getCertificate,
    startRelay: async (options) => track(await startLabRelay(network, getCertificate, options)),
    startCoturn: async (options) => track(await startLabCoturn(network, options)),
    startMachine: async (slot, options) =>
      track(
        await startLabMachine(
          slot,
          {
            scratchDir: network.scratchDir,
            hosts: () => network.internet.hosts(),
            trustedSpki: async () => (await getCertificate()).spkiSha256,
          },
          options,
        ),
      ),
    netTool: (ns) => {
      let tool = netTools.get(ns);
      if (!tool) {
        tool = startNetTool(ns);
        netTools.set(ns, tool);
      }
      return tool;
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await Promise.allSettled(closers.reverse().map((close) => close()));
      await network.close();
    },
  };
}

/** Runs `body` with a fresh lab and always closes it, also when `body` throws. */
export async function withLab<T>(spec: LabSpec, body: (lab: Lab) => Promise<T>): Promise<T> {
  const lab = await createLab(spec);
  try {
    return await body(lab);
  } finally {
    await lab.close();
  }
}
