// Prometheus text exposition (format 0.0.4) of the relay's counters. Only counts: no room ids,
// peer ids, addresses or sizes of individual messages — nothing that identifies anyone.
// Names follow Prometheus's naming rules: base units as the last word (`_bytes`), `_total` on
// counters only, and no counter whose family name (without `_total`) is another metric's name.
// A frame the relay refuses and a connection it closes are counted apart, so a violation that
// also ends its connection is one refused frame and one closed connection, never two drops.
import type { RelayErrorCodeName } from '../protocol/relay-wire/codec';

export type DropReason = RelayErrorCodeName;

export interface MetricsSnapshot {
  rooms: number;
  /** Present only when the relay uses Redis. */
  redisUp?: boolean;
}

export class RelayMetrics {
  connections = 0;
  acceptedConnections = 0;
  receivedFrames = 0;
  sentFrames = 0;
  receivedBytes = 0;
  sentBytes = 0;
  /** Frames answered with an error frame, by reason. */
  readonly refusedFrames = new Map<DropReason, number>();
  /** Connections the relay closed, by reason. */
  readonly closedConnections = new Map<DropReason, number>();
  /** Built-in STUN server (relay/stun.ts): Binding requests answered, and datagrams dropped. */
  stunAnswered = 0;
  stunDropped = 0;

  constructor(private readonly version: string) {}

  refused(reason: DropReason): void {
    this.refusedFrames.set(reason, (this.refusedFrames.get(reason) ?? 0) + 1);
  }

  closed(reason: DropReason): void {
    this.closedConnections.set(reason, (this.closedConnections.get(reason) ?? 0) + 1);
  }

  render(snapshot: MetricsSnapshot): string {
    const lines: string[] = [];
    const metric = (name: string, type: 'gauge' | 'counter', help: string, samples: [string, number][]) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
    };
    const byReason = (counts: Map<DropReason, number>): [string, number][] =>
      [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([reason, n]) => [`{reason="${reason}"}`, n]);
    metric('parley_relay_build_info', 'gauge', 'Always 1; the relay version is in the label.', [[`{version="${this.version}"}`, 1]]);
    metric('parley_relay_connections', 'gauge', 'Open WebSocket connections.', [['', this.connections]]);
    metric('parley_relay_accepted_connections_total', 'counter', 'WebSocket connections accepted.', [['', this.acceptedConnections]]);
    metric('parley_relay_closed_connections_total', 'counter', 'Connections the relay closed, by reason.', byReason(this.closedConnections));
    metric('parley_relay_rooms', 'gauge', 'Rooms with at least one member on this instance.', [['', snapshot.rooms]]);
    metric('parley_relay_received_frames_total', 'counter', 'Frames received from clients.', [['', this.receivedFrames]]);
    metric('parley_relay_sent_frames_total', 'counter', 'Frames sent to clients.', [['', this.sentFrames]]);
    metric('parley_relay_received_bytes_total', 'counter', 'Bytes of frames received from clients.', [['', this.receivedBytes]]);
    metric('parley_relay_sent_bytes_total', 'counter', 'Bytes of frames sent to clients.', [['', this.sentBytes]]);
    metric('parley_relay_refused_frames_total', 'counter', 'Frames answered with an error frame, by reason.', byReason(this.refusedFrames));
    metric('parley_relay_stun_requests_total', 'counter', 'STUN datagrams received, by outcome.', [['{outcome="answered"}', this.stunAnswered], ['{outcome="dropped"}', this.stunDropped]]);
    if (snapshot.redisUp !== undefined) {
      metric('parley_relay_redis_up', 'gauge', '1 while both Redis connections are ready, else 0.', [['', snapshot.redisUp ? 1 : 0]]);
    }
    return `${lines.join('\n')}\n`;
  }
}
