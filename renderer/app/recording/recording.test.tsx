import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RecordingConsentDialog } from './RecordingConsentDialog';
import { RecordingIndicator } from './RecordingIndicator';
import { RecordingsLibrary } from './RecordingsLibrary';

afterEach(cleanup);
const DAY = 86_400_000;

describe('RecordingConsentDialog', () => {
  it('says who records and how long it is kept; accept and decline are separate', () => {
    const onAccept = vi.fn();
    const onDecline = vi.fn();
    render(<RecordingConsentDialog recorderName="Grace Hopper" retentionDays={30} onAccept={onAccept} onDecline={onDecline} />);
    const dialog = screen.getByRole('alertdialog', { name: 'Grace Hopper wants to record this meeting' });
    expect(dialog.textContent).toContain('deleted automatically after 30 days');
    expect(document.activeElement?.textContent).toBe('Decline');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Allow recording' }));
    expect(onAccept).toHaveBeenCalledTimes(1);
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(onDecline).toHaveBeenCalledTimes(1);
  });
});

describe('RecordingIndicator', () => {
  it('is a status everyone can perceive', () => {
    render(<RecordingIndicator recorderName="Grace Hopper" />);
    expect(screen.getByRole('status').textContent).toBe('Recording by Grace Hopper');
  });
});

describe('RecordingsLibrary', () => {
  const now = Date.UTC(2026, 10, 27);
  const recordings = [
    { id: 'r1', createdAt: now - 2 * DAY, sizeBytes: 52_400_000, expiresAt: now + 28 * DAY },
    { id: 'r2', createdAt: now - 29 * DAY, sizeBytes: 1_000_000, expiresAt: now + DAY / 3 },
  ];

  it('shows size and retention countdown, exports on request', () => {
    const onExport = vi.fn();
    render(<RecordingsLibrary recordings={recordings} now={now} onExport={onExport} onExportConsents={vi.fn()} onDelete={vi.fn()} />);
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows[0]!.textContent).toContain('52.4 MB');
    expect(rows[0]!.textContent).toContain('28 days');
    expect(rows[1]!.textContent).toContain('1 day');
    fireEvent.click(within(rows[0]!).getByRole('button', { name: /^Export the recording/ }));
    expect(onExport).toHaveBeenCalledWith('r1');
  });

  it('deletes only after confirming', () => {
    const onDelete = vi.fn();
    render(<RecordingsLibrary recordings={recordings} now={now} onExport={vi.fn()} onExportConsents={vi.fn()} onDelete={onDelete} />);
    fireEvent.click(within(screen.getAllByRole('row')[2]!).getByRole('button', { name: /^Delete/ }));
    const dialog = screen.getByRole('alertdialog', { name: 'Delete this recording?' });
    expect(onDelete).not.toHaveBeenCalled();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(onDelete).toHaveBeenCalledWith('r2');
  });

  it('says when there is nothing', () => {
    render(<RecordingsLibrary recordings={[]} now={now} onExport={vi.fn()} onExportConsents={vi.fn()} onDelete={vi.fn()} />);
    expect(screen.getByText('There are no recordings on this device.')).toBeTruthy();
  });
});
