import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MainEvent, ParleyApi, RingAnswer } from '../../protocol/ipc-contract';
import { initialCallState, useCallStore } from '../call/call-store';
import { initialRingState, useRingStore } from '../contacts/ring-store';
import type { IncomingRing } from '../contacts/ring-store';
import { watchDesktopEvents } from './desktop-events';
import { useUiStore } from './ui-store';

const ringer = vi.hoisted(() => ({ accept: vi.fn(async () => {}), decline: vi.fn(async () => {}) }));
vi.mock('../contacts/start-ringing', () => ({ currentRinger: () => ringer }));

const CALL_ID = 'ab'.repeat(16);
// Not reset between tests: the one loop over main's events (main-events.ts) outlives a test's subscription.
const events: ((event: MainEvent) => void)[] = [];
const takeRingAnswer = vi.fn<() => Promise<RingAnswer | null>>();

beforeEach(() => {
  ringer.accept.mockClear();
  ringer.decline.mockClear();
  takeRingAnswer.mockReset().mockResolvedValue(null);
  window.parley = { nextMainEvent: () => new Promise<MainEvent>((resolve) => events.push(resolve)), takeRingAnswer } as unknown as ParleyApi;
  useCallStore.setState(initialCallState, true);
  useRingStore.setState({ ...initialRingState, incoming: { callId: CALL_ID } as IncomingRing });
  useUiStore.setState({ screen: 'home', intent: null });
});
afterEach(() => {
  delete window.parley;
});

async function emit(event: MainEvent): Promise<void> {
  await vi.waitFor(() => expect(events.length).toBeGreaterThan(0));
  events.shift()!(event);
}

describe('desktop events', () => {
  it('Accept or Decline on a notification answers the ring it was shown for, and no other', async () => {
    const stop = watchDesktopEvents();
    takeRingAnswer.mockResolvedValueOnce({ callId: 'cd'.repeat(16), answer: 'accept' });
    await emit({ type: 'ring-answer' });
    await vi.waitFor(() => expect(takeRingAnswer).toHaveBeenCalledTimes(1));
    takeRingAnswer.mockResolvedValueOnce({ callId: CALL_ID, answer: 'decline' });
    await emit({ type: 'ring-answer' });
    await vi.waitFor(() => expect(ringer.decline).toHaveBeenCalledTimes(1));
    takeRingAnswer.mockResolvedValueOnce({ callId: CALL_ID, answer: 'accept' });
    await emit({ type: 'ring-answer' });
    await vi.waitFor(() => expect(ringer.accept).toHaveBeenCalledTimes(1));
    expect(ringer.decline).toHaveBeenCalledTimes(1);
    stop();
  });

  it('"Start a meeting" from the tray opens the pre-join screen of a new meeting, but not during a call', async () => {
    const stop = watchDesktopEvents();
    useCallStore.setState({ phase: 'in-call' });
    await emit({ type: 'start-meeting' });
    await emit({ type: 'settings-changed' });
    expect(useUiStore.getState().intent).toBeNull();
    useCallStore.setState({ phase: 'idle' });
    await emit({ type: 'start-meeting' });
    expect(useUiStore.getState()).toMatchObject({ screen: 'prejoin', intent: { kind: 'create' } });
    stop();
  });

  it('"Settings…" in the application menu shows Settings', async () => {
    const stop = watchDesktopEvents();
    await emit({ type: 'open-settings' });
    await vi.waitFor(() => expect(useUiStore.getState().screen).toBe('settings'));
    stop();
  });
});
