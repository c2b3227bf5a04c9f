// How others reach the meetings this person hosts (docs/ARCHITECTURE.md "How others reach your
// meetings"): the organisation's relay, a relay the person chose, this local network
// (hostOnLocalNetwork: the embedded relay also listens on the LAN address, on a stable port), or
// — until one of those is chosen — this computer only. Main owns the LAN listener, so turning
// the setting on or off takes effect at once, without a restart.
import { networkInterfaces } from 'node:os';
import type { EffectiveSettings, LocalNetworkProblem, RelayHosting } from '../../protocol/ipc-contract';
import { isLoopbackRelay } from '../../protocol/room/relay-address';

export interface RelayListener {
  /** ws://<address>:<port> */
  url: string;
  close(): Promise<void>;
}

/** Starts a relay listening on host:port (main/electron: relay/server.ts startRelay). */
export type StartRelayListener = (host: string, port: number) => Promise<RelayListener>;

export interface RelayHostingOptions {
  /** The embedded relay on 127.0.0.1 (this computer only), or null where none runs. */
  loopbackUrl: string | null;
  /** Absent where this process cannot listen on the network (then the LAN setting reports it). */
  startListener?: StartRelayListener;
  /** This computer's private IPv4 addresses, preferred first (default: from the OS). */
  localAddresses?: () => string[];
  effectiveSettings(): Promise<EffectiveSettings>;
  /** Keeps a port chosen for the LAN relay (a user setting), so links stay valid. */
  rememberPort(port: number): Promise<void>;
  /** Something others can see changed (the renderer asks again). */
  onChange(): void;
  randomPort?: () => number;
}

const PRIVATE_IPV4 = /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/;

/** The private IPv4 addresses of this computer's interfaces (a LAN meeting needs no DNS: links carry the address). */
export function privateAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((entries) => entries ?? [])
    .filter((entry) => entry.family === 'IPv4' && !entry.internal && PRIVATE_IPV4.test(entry.address))
    .map((entry) => entry.address);
}

/** A port from the dynamic range (RFC 6335 §6), where no well-known service lives. */
export function randomDynamicPort(): number {
  return 49152 + Math.floor(Math.random() * (65535 - 49152 + 1));
}

const PORT_ATTEMPTS = 5;

export class RelayHostingService {
  private lan: { address: string; port: number; listener: RelayListener } | null = null;
  private problem: LocalNetworkProblem | null = null;
  private applying: Promise<void> = Promise.resolve();

  constructor(private readonly options: RelayHostingOptions) {}

  /** Brings the LAN listener in line with the settings and this computer's addresses; serialised. */
  apply(): Promise<void> {
    this.applying = this.applying.then(() => this.reconcile()).catch(() => undefined);
    return this.applying;
  }

  async current(): Promise<RelayHosting> {
    await this.applying;
    const settings = await this.options.effectiveSettings();
    const loopback = this.options.loopbackUrl;
    if (settings.hostOnLocalNetwork.value) {
      if (this.lan) return { reach: 'local-network', relayUrl: this.lan.listener.url, reachableByOthers: true, localNetworkProblem: null };
      return { reach: 'local-network', relayUrl: loopback, reachableByOthers: false, localNetworkProblem: this.problem ?? 'not-available' };
    }
    const relay = settings.relayUrl;
    if (relay.value !== null) {
      return { reach: relay.source === 'policy' ? 'organisation' : 'relay', relayUrl: relay.value, reachableByOthers: !isLoopbackRelay(relay.value), localNetworkProblem: null };
    }
    return { reach: 'this-computer', relayUrl: loopback, reachableByOthers: false, localNetworkProblem: null };
  }

  async close(): Promise<void> {
    await this.applying;
    await this.stopLan();
  }

  private async reconcile(): Promise<void> {
    const settings = await this.options.effectiveSettings();
    const before = JSON.stringify([this.lan?.listener.url ?? null, this.problem]);
    if (!settings.hostOnLocalNetwork.value) {
      await this.stopLan();
      this.problem = null;
    } else {
      await this.startLan(settings.localNetworkPort.value);
    }
    if (JSON.stringify([this.lan?.listener.url ?? null, this.problem]) !== before) this.options.onChange();
  }

  private async startLan(configuredPort: number | null): Promise<void> {
    const address = (this.options.localAddresses ?? privateAddresses)()[0];
    if (this.lan && this.lan.address === address && (configuredPort === null || this.lan.port === configuredPort)) return;
    await this.stopLan();
    if (!this.options.startListener) {
      this.problem = 'not-available';
      return;
    }
    if (!address) {
      this.problem = 'no-local-address';
      return;
    }
    // A port kept in settings is used or reported busy; a first one is drawn until one is free.
    const candidates = configuredPort !== null ? [configuredPort] : Array.from({ length: PORT_ATTEMPTS }, () => (this.options.randomPort ?? randomDynamicPort)());
    for (const port of candidates) {
      try {
        const listener = await this.options.startListener(address, port);
        this.lan = { address, port, listener };
        this.problem = null;
        if (configuredPort === null) await this.options.rememberPort(port);
        return;
      } catch {
        // In use (TCP, or UDP for its STUN server): the next candidate, if any.
      }
    }
    this.problem = 'port-unavailable';
  }

  private async stopLan(): Promise<void> {
    const lan = this.lan;
    this.lan = null;
    await lan?.listener.close();
  }
}
