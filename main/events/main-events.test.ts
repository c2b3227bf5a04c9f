import { describe, expect, it } from 'vitest';
import { MainEvents } from './main-events';

describe('MainEvents', () => {
  it('resolves a waiting call, queues (coalesced) when nobody waits', async () => {
    const events = new MainEvents();
    const waiting = events.next();
    events.emit({ type: 'settings-changed' });
    expect(await waiting).toEqual({ type: 'settings-changed' });
    events.emit({ type: 'join-link' });
    events.emit({ type: 'join-link' });
    events.emit({ type: 'settings-changed' });
    expect(await events.next()).toEqual({ type: 'join-link' });
    expect(await events.next()).toEqual({ type: 'settings-changed' });
    let resolved = false;
    void events.next().then(() => (resolved = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(resolved).toBe(false);
  });
});
