import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ParleyApi } from '../../protocol/ipc-contract';
import { initialCallState, useCallStore } from '../call/call-store';
import { reportCallErrors } from './call-error-report';

afterEach(() => {
  delete window.parley;
  useCallStore.setState(initialCallState, true);
});

describe('call error report', () => {
  it('tells main the code of a call that failed, once, without its detail', () => {
    const reportCallError = vi.fn(async () => null);
    window.parley = { reportCallError } as unknown as ParleyApi;
    const stop = reportCallErrors();
    useCallStore.setState({ phase: 'joining' });
    useCallStore.setState({ phase: 'error', error: { code: 'relay-unreachable', detail: 'ws://192.0.2.7/ did not answer' } });
    useCallStore.setState({ phase: 'error', error: { code: 'relay-unreachable', detail: 'again' } });
    expect(reportCallError.mock.calls).toEqual([['relay-unreachable']]);
    stop();
  });
});
