import { afterEach, describe, expect, it } from 'vitest';
import { initialCallState, useCallStore } from '../call/call-store';
import { returnHomeAfterLeaving } from './return-home';
import { useUiStore } from './ui-store';

let stop = () => {};
afterEach(() => stop());

describe('returnHomeAfterLeaving', () => {
  it('leaves pre-join for Home when the call is left, and only then', () => {
    stop = returnHomeAfterLeaving();
    useUiStore.setState({ screen: 'prejoin', intent: { kind: 'create' }, panel: 'chat' });
    useCallStore.setState({ ...initialCallState, phase: 'in-call' });
    expect(useUiStore.getState().screen).toBe('prejoin');
    useCallStore.setState({ phase: 'error', error: { code: 'relay-unreachable' } });
    expect(useUiStore.getState().screen).toBe('prejoin');
    useCallStore.setState({ phase: 'left', error: null });
    expect(useUiStore.getState()).toMatchObject({ screen: 'home', intent: null, panel: null });
  });

  it('keeps any other screen', () => {
    stop = returnHomeAfterLeaving();
    useUiStore.setState({ screen: 'settings' });
    useCallStore.setState({ ...initialCallState, phase: 'in-call' });
    useCallStore.setState({ phase: 'left' });
    expect(useUiStore.getState().screen).toBe('settings');
  });
});
