import { describe, expect, it } from 'vitest';
import { RelayMetrics } from './metrics';
import { prometheusNamingProblems } from './test-helpers';

describe('RelayMetrics', () => {
  it('renders Prometheus text: refused frames and closed connections by reason, build info', () => {
    const m = new RelayMetrics('1.2.3');
    m.connections = 2;
    m.receivedFrames = 5;
    m.refused('rateLimited');
    m.refused('rateLimited');
    m.refused('malformed');
    m.closed('malformed');
    const text = m.render({ rooms: 1 });
    expect(text).toContain('# TYPE parley_relay_build_info gauge\nparley_relay_build_info{version="1.2.3"} 1\n');
    expect(text).toContain('# TYPE parley_relay_connections gauge\nparley_relay_connections 2\n');
    expect(text).toContain('parley_relay_rooms 1\n');
    expect(text).toContain('parley_relay_received_frames_total 5\n');
    expect(text).toContain('parley_relay_refused_frames_total{reason="malformed"} 1\nparley_relay_refused_frames_total{reason="rateLimited"} 2\n');
    expect(text).toContain('parley_relay_closed_connections_total{reason="malformed"} 1\n');
    expect(text).not.toContain('redis');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('reports Redis as up or down only when the relay uses it', () => {
    const m = new RelayMetrics('1.2.3');
    expect(m.render({ rooms: 0, redisUp: true })).toContain('# TYPE parley_relay_redis_up gauge\nparley_relay_redis_up 1\n');
    expect(m.render({ rooms: 0, redisUp: false })).toContain('parley_relay_redis_up 0\n');
  });

  it('follows the Prometheus naming rules', () => {
    const m = new RelayMetrics('1.2.3');
    m.refused('frameTooLarge');
    m.closed('idleTimeout');
    expect(prometheusNamingProblems(m.render({ rooms: 3, redisUp: true }))).toEqual([]);
  });

  it('the naming check catches the names the relay used to have', () => {
    const old = [
      '# TYPE parley_relay_connections gauge',
      'parley_relay_connections 1',
      '# TYPE parley_relay_connections_total counter',
      'parley_relay_connections_total 1',
      '# TYPE parley_relay_bytes_in_total counter',
      'parley_relay_bytes_in_total 1',
      '# TYPE parley_relay_rtt_ms gauge',
      'parley_relay_rtt_ms 1',
      '# TYPE parley_relay_rooms_total gauge',
      'parley_relay_rooms_total 1',
      '',
    ].join('\n');
    expect(prometheusNamingProblems(old)).toEqual([
      'parley_relay_connections_total: its family name is another metric',
      'parley_relay_bytes_in_total: units must be base units and the last word',
      'parley_relay_rtt_ms: units must be base units and the last word',
      'parley_relay_rooms_total: _total must end counters and only counters (gauge)',
    ]);
  });
});
