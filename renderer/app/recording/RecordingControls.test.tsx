import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { initialCallState, useCallStore } from '../../call/call-store';
import { RecordButton, RecordingStatus } from './RecordingControls';

afterEach(() => {
  cleanup();
  useCallStore.setState(initialCallState);
});

const recording = (changes: Partial<typeof initialCallState.recording>) => useCallStore.setState({ recording: { ...initialCallState.recording, ...changes } });

describe('recording controls in the call', () => {
  it('offers no record button when policy disables recording', () => {
    recording({ available: false });
    render(<RecordButton />);
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('offers Record, and Stop recording while we record', () => {
    recording({ available: true });
    const { rerender } = render(<RecordButton />);
    expect(screen.getByRole('button', { name: 'Record' })).toBeTruthy();
    recording({ available: true, active: { recordingId: 'r', recorderId: 'self', recorderName: 'Ada', status: 'recording', consented: true } });
    rerender(<RecordButton />);
    expect(screen.getByRole('button', { name: 'Stop recording' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('shows everyone the indicator, the pause, and lets a consenting participant withdraw', () => {
    recording({ active: { recordingId: 'r', recorderId: 'abc', recorderName: 'Ada', status: 'paused', consented: true } });
    render(<RecordingStatus />);
    expect(screen.getAllByRole('status').map((s) => s.textContent)).toEqual(['Recording by Ada', 'Recording paused until everyone allows it']);
    expect(screen.getByRole('button', { name: 'Withdraw consent' })).toBeTruthy();
  });
});
