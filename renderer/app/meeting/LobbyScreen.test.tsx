import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { initialCallState, registerCallController, useCallStore } from '../../call/call-store';
import type { CallController } from '../../call/call-store';
import { LobbyScreen } from './LobbyScreen';

afterEach(() => {
  cleanup();
  registerCallController(null);
});

describe('LobbyScreen', () => {
  it('tells the person they are waiting, under which name, and lets them leave', () => {
    const leave = vi.fn(async () => {});
    registerCallController({ leave } as unknown as CallController);
    useCallStore.setState({ ...initialCallState, phase: 'lobby', self: { ...initialCallState.self, displayName: 'Ada' } }, true);
    render(<LobbyScreen />);
    expect(screen.getByRole('status').textContent).toContain('You are waiting as “Ada”');
    fireEvent.click(screen.getByRole('button', { name: 'Leave the waiting room' }));
    expect(leave).toHaveBeenCalled();
  });
});
