// A relay socket opened while the pre-join screen shows, so that "Join" does not wait for its
// TCP, TLS and WebSocket handshakes (three round trips to the relay: 120 ms across the lab,
// docs/PERFORMANCE.md "Where a join's time goes"). It joins no room: the relay learns this
// address now instead of a few seconds later, and nothing else. The engine that takes it over
// hears its events from then on; one not taken within PREPARED_RELAY_MS is closed.
import type { RelayStatus } from '../call-store';
import type { ConnectRelay, RelayConnection, RelayEvents } from './relay-port';

export const PREPARED_RELAY_MS = 5 * 60_000;

interface Prepared {
  url: string;
  relay: RelayConnection;
  attach(events: RelayEvents): void;
  timer: ReturnType<typeof setTimeout>;
}

export interface ClaimedRelay {
  connect: ConnectRelay;
  discard(): void;
}

export class PreparedRelay {
  private prepared: Prepared | null = null;

  constructor(private readonly connect: ConnectRelay) {}

  /** Opens a socket to `url` (closing one to another relay); nothing if one to `url` is open. */
  open(url: string): void {
    if (this.prepared?.url === url) return;
    this.release();
    let target: RelayEvents | null = null;
    let lastStatus: RelayStatus | null = null;
    const relay = this.connect(url, {
      onMessage: (from, envelope) => target?.onMessage(from, envelope),
      onPeerLeft: (peerId) => target?.onPeerLeft(peerId),
      onStatus: (status) => {
        lastStatus = status;
        target?.onStatus(status);
      },
      onRejoined: (room) => target?.onRejoined(room),
      onFatal: (code) => target?.onFatal(code),
    });
    const attach = (events: RelayEvents) => {
      target = events;
      if (lastStatus) events.onStatus(lastStatus);
    };
    this.prepared = { url, relay, attach, timer: setTimeout(() => this.release(), PREPARED_RELAY_MS) };
  }

  /**
   * Hands the prepared socket over (it stops being prepared) to one join: `connect` gives the
   * prepared socket if it goes to that url, else a new one; `discard` closes a socket the join
   * never took (it failed before connecting).
   */
  claim(): ClaimedRelay {
    let prepared = this.prepared;
    if (prepared) clearTimeout(prepared.timer);
    this.prepared = null;
    const discard = () => {
      prepared?.relay.close();
      prepared = null;
    };
    return {
      connect: (url, events) => {
        const taken = prepared;
        prepared = null;
        if (taken?.url === url) {
          taken.attach(events);
          return taken.relay;
        }
        taken?.relay.close();
        return this.connect(url, events);
      },
      discard,
    };
  }

  /** Closes the prepared socket, if any (the pre-join screen was left without joining). */
  release(): void {
    if (!this.prepared) return;
    clearTimeout(this.prepared.timer);
    this.prepared.relay.close();
    this.prepared = null;
  }
}
