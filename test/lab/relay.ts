// The real relay on a lab internet host (relay.lab.test by default), over TLS by default: the
// app accepts ws:// only on this computer or a private network, so an internet relay is wss://.
import path from 'node:path';
import type { RelayOptions } from '../../relay/server';
import type { TurnConfig } from '../../relay/turn';
import { type NamespaceChild, spawnInNamespace } from './child-process';
import type { RelayChildOptions } from './children/relay';
import { inNamespace } from './shell';
import type { LabCertificate } from './tls';
import type { InternetHost, LabNetwork } from './topology';

export interface LabRelayOptions {
  /** Internet host label: 'relay' (default) is relay.lab.test. */
  host?: string;
  /** Default true (wss://, the lab certificate). */
  tls?: boolean;
  /** Default 443 with TLS, 80 without. */
  port?: number;
  /** What the relay hands out as ICE servers: a lab coturn's `turnConfig`, or written by hand (e.g. only stun: URLs). */
  turn?: TurnConfig;
  /** Any other relay option that survives structured clone (limits, mailbox, ...), passed through. */
  relayOptions?: Omit<RelayOptions, 'host' | 'port' | 'tls' | 'turn' | 'logger' | 'onForward'>;
}

export interface LabRelay {
  host: InternetHost;
  port: number;
  /** By host name, as people would type it: wss://relay.lab.test (the port only when not the default). */
  url: string;
  /** Every line the relay logged so far (JSON). */
  logs: string[];
  /** Every frame the relay sent so far, as it left the relay (test/harness/relay-scan.ts scans them). */
  forwarded(): Promise<Uint8Array[]>;
  /** The addresses of the TCP connections the relay host has open on the relay's port: who the relay sees. */
  clientAddresses(): Promise<string[]>;
  metrics(): Promise<string | null>;
  /** Stops the relay (clients are told to reconnect), keeping its port for start(). */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startLabRelay(network: LabNetwork, certificate: () => Promise<LabCertificate>, options: LabRelayOptions = {}): Promise<LabRelay> {
  const host = await network.internet.host(options.host ?? 'relay');
  const tls = options.tls ?? true;
  const port = options.port ?? (tls ? 443 : 80);
  const childOptions: RelayChildOptions = {
    ...options.relayOptions,
    host: host.address,
    port,
    ...(tls ? { tls: await certificate().then(({ cert, key }) => ({ cert, key })) } : {}),
    ...(options.turn ? { turn: options.turn } : {}),
  };
  const child: NamespaceChild = await spawnInNamespace({
    ns: network.internet.ns,
    name: `relay ${host.name}`,
    entry: path.join(import.meta.dirname, 'children', 'relay.ts'),
    params: childOptions,
    dir: network.scratchDir,
  });
  const frames: Uint8Array[] = [];
  const logs: string[] = [];
  child.on('forwarded', (batch) => frames.push(...(batch as Uint8Array[])));
  child.on('log', (line) => logs.push(line as string));
  const defaultPort = port === (tls ? 443 : 80);
  return {
    host,
    port,
    url: `${tls ? 'wss' : 'ws'}://${host.name}${defaultPort ? '' : `:${port}`}`,
    logs,
    forwarded: async () => {
      await child.request('flush');
      return [...frames];
    },
    clientAddresses: async () => {
      const { stdout } = await inNamespace(network.internet.ns, `ss -Htn state established '( sport = :${port} )'`);
      // Columns: Recv-Q Send-Q Local:Port Peer:Port; keep the peer's address.
      return stdout.split('\n').filter((line) => line.includes(`${host.address}:${port}`)).map((line) => line.trim().split(/\s+/).at(-1)!.replace(/:\d+$/, ''));
    },
    metrics: () => child.request<string | null>('metrics'),
    stop: async () => void (await child.request('stop')),
    start: async () => void (await child.request('start')),
    close: () => child.close(),
  };
}
