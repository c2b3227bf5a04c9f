import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ParleyApi } from '../../../protocol/ipc-contract';
import { registerCallController } from '../../call/call-store';
import type { CallController } from '../../call/call-store';
import { useUiStore } from '../ui-store';
import { ScreenSharePicker } from './ScreenSharePicker';

const order: string[] = [];
const api = {
  listScreenSources: vi.fn(),
  chooseScreenSource: vi.fn(async (id: string | null) => void order.push(`choose:${id}`)),
};
const controller = { startScreenShare: vi.fn(async () => void order.push('start')) };

beforeEach(() => {
  order.length = 0;
  api.listScreenSources.mockReset();
  window.parley = api as unknown as ParleyApi;
  registerCallController(controller as unknown as CallController);
  useUiStore.setState({ screenPickerOpen: true });
});
afterEach(() => {
  cleanup();
  delete window.parley;
  registerCallController(null);
});

describe('ScreenSharePicker', () => {
  it('lists screens and windows; sharing picks the source in main before capture starts', async () => {
    api.listScreenSources.mockResolvedValue([
      { id: 'screen:1', name: 'Built-in display', kind: 'screen', thumbnail: null },
      { id: 'window:7', name: 'Quarterly report', kind: 'window', thumbnail: 'data:image/png;base64,AA==' },
    ]);
    render(<ScreenSharePicker />);
    expect(await screen.findByRole('group', { name: 'Entire screen' })).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: 'Quarterly report' }));
    fireEvent.click(screen.getByRole('button', { name: 'Share' }));
    await vi.waitFor(() => expect(order).toEqual(['choose:window:7', 'start']));
    expect(useUiStore.getState().screenPickerOpen).toBe(false);
  });

  it('explains a policy that turns sharing off', async () => {
    api.listScreenSources.mockRejectedValue(Object.assign(new Error('off'), { code: 'screen-share-disabled' }));
    render(<ScreenSharePicker />);
    expect((await screen.findByRole('alert')).textContent).toBe('Screen sharing is turned off by your organisation.');
    expect((screen.getByRole('button', { name: 'Share' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('hands over to the system picker when main lists nothing', async () => {
    api.listScreenSources.mockResolvedValue([]);
    render(<ScreenSharePicker />);
    await screen.findByText('Your system will ask which screen or window to share.');
    fireEvent.click(screen.getByRole('button', { name: 'Share' }));
    await vi.waitFor(() => expect(order).toEqual(['start']));
  });
});
