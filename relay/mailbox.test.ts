import { describe, expect, it } from 'vitest';
import { DEFAULT_MAILBOX_LIMITS, ListenerRegistry, type MailboxLimits, MemoryMailboxes, resolveMailboxLimits } from './mailbox';

function setup(overrides: Partial<MailboxLimits> = {}) {
  let now = 1000;
  const boxes = new MemoryMailboxes({ ...DEFAULT_MAILBOX_LIMITS, ...overrides }, () => now);
  const inbox = (): { got: number[]; deliver(frame: Uint8Array): void } => {
    const got: number[] = [];
    return { got, deliver: (frame) => got.push(frame[0]!) };
  };
  return { boxes, inbox, advance: (ms: number) => (now += ms) };
}
const frame = (tag: number, size = 1) => new Uint8Array(size).fill(tag);

describe('relay mailboxes (PROTOCOL §13.4)', () => {
  it('delivers to every listener of the mailbox and to nobody else', () => {
    const { boxes, inbox } = setup();
    const a = inbox();
    const b = inbox();
    const other = inbox();
    boxes.listen(a, ['m1']);
    boxes.listen(b, ['m1', 'm2']);
    boxes.listen(other, ['m3']);
    boxes.post('m1', frame(1));
    boxes.post('m2', frame(2));
    expect(a.got).toEqual([1]);
    expect(b.got).toEqual([1, 2]);
    expect(other.got).toEqual([]);
    expect(boxes.queued().posts).toBe(0);
  });

  it('queues a post for a mailbox nobody listens on, hands it to the first listener once, and forgets it after the expiry', () => {
    const { boxes, inbox, advance } = setup({ queueExpiryMs: 30_000 });
    boxes.post('m1', frame(1));
    boxes.post('m2', frame(2));
    advance(10_000);
    const a = inbox();
    boxes.listen(a, ['m1']);
    expect(a.got).toEqual([1]);
    const b = inbox();
    boxes.listen(b, ['m1']);
    expect(b.got).toEqual([]); // handed out once
    advance(20_000);
    boxes.sweep();
    expect(boxes.queued()).toEqual({ posts: 0, bytes: 0 }); // m2 expired unread
    const late = inbox();
    boxes.listen(late, ['m2']);
    expect(late.got).toEqual([]);
  });

  it('bounds each mailbox queue (oldest out) and all queued bytes (new posts dropped)', () => {
    const { boxes, inbox } = setup({ maxQueuedPerMailbox: 2, maxQueuedBytes: 10 });
    for (const tag of [1, 2, 3]) boxes.post('m1', frame(tag));
    expect(boxes.queued()).toEqual({ posts: 2, bytes: 2 });
    boxes.post('m2', frame(4, 8));
    boxes.post('m3', frame(5, 8)); // would exceed 10 bytes
    expect(boxes.queued()).toEqual({ posts: 3, bytes: 10 });
    const a = inbox();
    boxes.listen(a, ['m1', 'm3']);
    expect(a.got).toEqual([2, 3]);
  });

  it('stops delivering after unlisten or a new listen set', () => {
    const { boxes, inbox } = setup();
    const a = inbox();
    boxes.listen(a, ['old']);
    boxes.listen(a, ['new']); // a re-issued card: the old mailbox is no longer heard
    boxes.post('old', frame(1));
    boxes.post('new', frame(2));
    boxes.unlisten(a);
    boxes.post('new', frame(3));
    expect(a.got).toEqual([2]);
    expect(boxes.queued().posts).toBe(2); // 'old' and the last 'new' wait (and expire)
  });

  it('refuses non-positive limits', () => {
    expect(() => resolveMailboxLimits({ queueExpiryMs: 0 })).toThrow(RangeError);
    expect(resolveMailboxLimits().maxListenIds).toBe(8);
  });

  it('tells which ids gained their first listener and which lost their last one', () => {
    const registry = new ListenerRegistry();
    const a = { deliver: () => {} };
    const b = { deliver: () => {} };
    expect(registry.set(a, ['m1', 'm2', 'm1'])).toEqual({ heard: ['m1', 'm2'], unheard: [] });
    expect(registry.set(b, ['m2', 'm3'])).toEqual({ heard: ['m3'], unheard: [] });
    expect(registry.set(a, ['m1', 'm2'])).toEqual({ heard: [], unheard: [] }); // the same set again: no change
    expect(registry.set(a, ['m3'])).toEqual({ heard: [], unheard: ['m1'] }); // m2 still has b
    expect(registry.set(b, [])).toEqual({ heard: [], unheard: ['m2'] });
    expect([...registry.keys()]).toEqual(['m3']);
    expect(registry.listenersOf('m3')).toEqual(new Set([a]));
  });
});
