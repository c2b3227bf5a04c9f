import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ParleyApi } from '../../protocol/ipc-contract';
import { initialCallState, useCallStore } from '../call/call-store';
import { watchPendingJoinLinks } from './pending-join';
import { useUiStore } from './ui-store';

const takePendingJoinLink = vi.fn();
const LINK = `parley://join?relay=wss%3A%2F%2Frelay.example.org#${'b'.repeat(43)}.${'c'.repeat(22)}`;

beforeEach(() => {
  takePendingJoinLink.mockReset().mockResolvedValue(null);
  window.parley = { takePendingJoinLink } as unknown as ParleyApi;
  useCallStore.setState(initialCallState, true);
  useUiStore.setState({ screen: 'home', intent: null });
});
afterEach(() => {
  delete window.parley;
});

describe('watchPendingJoinLinks', () => {
  it('opens pre-join for a link main received, also when it arrives later (window focus)', async () => {
    const stop = watchPendingJoinLinks();
    await vi.waitFor(() => expect(takePendingJoinLink).toHaveBeenCalledTimes(1));
    expect(useUiStore.getState().intent).toBeNull();
    takePendingJoinLink.mockResolvedValueOnce({ inviteLink: LINK });
    window.dispatchEvent(new Event('focus'));
    await vi.waitFor(() => expect(useUiStore.getState().screen).toBe('prejoin'));
    // The relay the link names survives the hand-over from main.
    expect(useUiStore.getState().intent).toEqual({ kind: 'join', inviteLink: LINK });
    stop();
  });

  it('does not pull someone out of a running call', async () => {
    useCallStore.setState({ phase: 'in-call' });
    takePendingJoinLink.mockResolvedValueOnce({ inviteLink: LINK });
    const stop = watchPendingJoinLinks();
    await vi.waitFor(() => expect(takePendingJoinLink).toHaveBeenCalled());
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(useUiStore.getState().intent).toBeNull();
    stop();
  });
});
