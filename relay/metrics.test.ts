import { describe, expect, it } from 'vitest';
import { RelayMetrics } from './metrics';

describe('RelayMetrics', () => {
  it('renders Prometheus text with drops by reason', () => {
    const m = new RelayMetrics();
    m.connections = 2;
    m.framesIn = 5;
    m.drop('rateLimited');
    m.drop('rateLimited');
    m.drop('malformed');
    const text = m.render(1);
    expect(text).toContain('# TYPE parley_relay_connections gauge\nparley_relay_connections 2\n');
    expect(text).toContain('parley_relay_rooms 1\n');
    expect(text).toContain('parley_relay_frames_in_total 5\n');
    expect(text).toContain('parley_relay_drops_total{reason="malformed"} 1\nparley_relay_drops_total{reason="rateLimited"} 2\n');
    expect(text.endsWith('\n')).toBe(true);
  });
});
