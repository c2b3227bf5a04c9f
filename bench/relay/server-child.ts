// A server under test in its own process: `relay` (relay/server.ts with default limits except the
// per-address limit and the per-connection rate) or `bare` (bare-forwarder.ts). Answers `stats`
// requests from the bench with its RSS and CPU time.
import { silentLogger } from '../../relay/logger';
import { startRelay } from '../../relay/server';
import { startBareForwarder } from './bare-forwarder';

const kind = process.argv[2];
const redis = process.argv[3];
const send = (message: unknown) => process.send?.(message);

// The bench owns this process: when it goes (finished, failed or killed), so does this one.
process.on('disconnect', () => process.exit(0));

const gc = (globalThis as { gc?: () => void }).gc;
process.on('message', (message: { type: string }) => {
  if (message.type === 'stats') {
    gc?.();
    const cpu = process.cpuUsage();
    send({ type: 'stats', rss: process.memoryUsage().rss, cpuMicros: cpu.user + cpu.system });
  }
});

if (kind === 'bare') {
  const server = await startBareForwarder();
  send({ type: 'ready', port: server.port });
} else {
  const relay = await startRelay({
    logger: silentLogger,
    // All load comes from 127.0.0.1, and the bench measures forwarding, not the rate limiter.
    limits: { maxConnectionsPerAddress: 1_000_000, framesPerSecond: 1_000_000, frameBurst: 1_000_000 },
    ...(redis ? { redis: { url: redis } } : {}),
  });
  send({ type: 'ready', port: relay.port });
}
