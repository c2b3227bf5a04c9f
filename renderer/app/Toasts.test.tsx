import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TOAST_MS, Toasts } from './Toasts';
import { useUiStore } from './ui-store';

beforeEach(() => useUiStore.setState({ toasts: [] }));
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('Toasts', () => {
  it('announces info politely and warnings assertively, then goes away', () => {
    vi.useFakeTimers();
    render(<Toasts />);
    act(() => {
      useUiStore.getState().pushToast({ tone: 'info', key: 'toast.joined', params: { name: 'Grace' } });
      useUiStore.getState().pushToast({ tone: 'warning', key: 'toast.keyChanged', params: { name: 'Alan' } });
    });
    expect(screen.getByRole('status').textContent).toContain('Grace joined');
    expect(screen.getByRole('alert').textContent).toContain('Alan’s safety number changed');
    act(() => vi.advanceTimersByTime(TOAST_MS));
    expect(useUiStore.getState().toasts).toEqual([]);
  });

  it('can be dismissed, and keeps only the latest few', () => {
    render(<Toasts />);
    act(() => {
      for (let i = 0; i < 6; i++) useUiStore.getState().pushToast({ tone: 'info', key: 'toast.left', params: { name: `P${i}` } });
    });
    expect(screen.getAllByRole('listitem')).toHaveLength(4);
    expect(screen.queryByText('P0 left')).toBeNull();
    fireEvent.click(screen.getAllByRole('button', { name: 'Dismiss' })[0]!);
    expect(screen.getAllByRole('listitem')).toHaveLength(3);
  });
});
