// Prometheus text exposition (format 0.0.4) of the relay's counters. Only counts: no room ids,
// peer ids, addresses or sizes of individual messages — nothing that identifies anyone.
import type { RelayErrorCodeName } from '../protocol/relay-wire/codec';

export type DropReason = RelayErrorCodeName;

export class RelayMetrics {
  connections = 0;
  connectionsTotal = 0;
  framesIn = 0;
  framesOut = 0;
  bytesIn = 0;
  bytesOut = 0;
  /** Built-in STUN server (relay/stun.ts): Binding requests answered, and datagrams dropped. */
  stunAnswered = 0;
  stunDropped = 0;
  readonly drops = new Map<DropReason, number>();

  drop(reason: DropReason): void {
    this.drops.set(reason, (this.drops.get(reason) ?? 0) + 1);
  }

  render(rooms: number): string {
    const lines: string[] = [];
    const metric = (name: string, type: 'gauge' | 'counter', help: string, samples: [string, number][]) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
    };
    metric('parley_relay_connections', 'gauge', 'Open WebSocket connections.', [['', this.connections]]);
    metric('parley_relay_connections_total', 'counter', 'WebSocket connections accepted.', [['', this.connectionsTotal]]);
    metric('parley_relay_rooms', 'gauge', 'Rooms with at least one member on this instance.', [['', rooms]]);
    metric('parley_relay_frames_in_total', 'counter', 'Frames received from clients.', [['', this.framesIn]]);
    metric('parley_relay_frames_out_total', 'counter', 'Frames sent to clients.', [['', this.framesOut]]);
    metric('parley_relay_bytes_in_total', 'counter', 'Bytes received from clients.', [['', this.bytesIn]]);
    metric('parley_relay_bytes_out_total', 'counter', 'Bytes sent to clients.', [['', this.bytesOut]]);
    metric('parley_relay_stun_requests_total', 'counter', 'STUN datagrams received, by outcome.', [['{outcome="answered"}', this.stunAnswered], ['{outcome="dropped"}', this.stunDropped]]);
    metric(
      'parley_relay_drops_total',
      'counter',
      'Frames refused or connections closed, by reason.',
      [...this.drops].sort(([a], [b]) => a.localeCompare(b)).map(([reason, n]) => [`{reason="${reason}"}`, n]),
    );
    return `${lines.join('\n')}\n`;
  }
}
