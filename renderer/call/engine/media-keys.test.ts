import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MediaKeyScheduler, ROTATION_INTERVAL_MS, SWITCH_OVERLAP_MS } from './media-keys';

describe('MediaKeyScheduler', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function scheduler() {
    const events: string[] = [];
    let counter = 0;
    const s = new MediaKeyScheduler({
      randomBytes: (n) => new Uint8Array(n).fill(++counter),
      sendKeyToPeer: async (peer, kid, key) => void events.push(`send ${peer} ${kid} ${key[0]}`),
      useSendKey: (peer, kid, key) => void events.push(`use ${peer} ${kid} ${key[0]}`),
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    });
    return { s, events };
  }

  it('sends the first key and uses it at once', async () => {
    const { s, events } = scheduler();
    await s.start('p');
    expect(events).toEqual(['send p 1 1', 'use p 1 1']);
  });

  it('rotates on the timer: the peer gets the new key before our frames use it', async () => {
    const { s, events } = scheduler();
    await s.start('p');
    await vi.advanceTimersByTimeAsync(ROTATION_INTERVAL_MS);
    expect(events.slice(2)).toEqual(['send p 2 2']);
    await vi.advanceTimersByTimeAsync(SWITCH_OVERLAP_MS);
    expect(events.slice(2)).toEqual(['send p 2 2', 'use p 2 2']);
    await vi.advanceTimersByTimeAsync(ROTATION_INTERVAL_MS);
    expect(events.slice(4)).toEqual(['send p 3 3', 'use p 3 3']);
  });

  it('rotates on request and stops cleanly', async () => {
    const { s, events } = scheduler();
    await s.start('p');
    await s.rotate('p');
    s.stop('p');
    await vi.advanceTimersByTimeAsync(ROTATION_INTERVAL_MS * 2);
    expect(events).toEqual(['send p 1 1', 'use p 1 1', 'send p 2 2']);
  });
});
