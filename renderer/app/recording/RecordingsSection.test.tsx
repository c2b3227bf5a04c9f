import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ParleyApi, RecordingSummary } from '../../../protocol/ipc-contract';
import { RecordingsSection } from './RecordingsSection';

afterEach(() => {
  cleanup();
  delete (window as { parley?: ParleyApi }).parley;
});

describe('RecordingsSection', () => {
  it('lists what main has, exports and deletes through main', async () => {
    const summary: RecordingSummary = { id: 'ab'.repeat(16), createdAt: Date.now() - 1000, sizeBytes: 2_000_000, expiresAt: Date.now() + 86_400_000, endedAt: Date.now(), participants: 2 };
    let listed = [summary];
    const api = {
      listRecordings: vi.fn(async () => listed),
      exportRecording: vi.fn(async () => null),
      deleteRecording: vi.fn(async () => ((listed = []), null)),
    };
    (window as { parley?: unknown }).parley = api;
    render(<RecordingsSection />);
    const row = await screen.findByRole('row', { name: /2\.0 MB/ });
    fireEvent.click(within(row).getByRole('button', { name: /^Export the recording/ }));
    expect(api.exportRecording).toHaveBeenCalledWith(summary.id);
    fireEvent.click(within(row).getByRole('button', { name: /^Delete/ }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.getByText('There are no recordings on this device.')).toBeTruthy());
    expect(api.deleteRecording).toHaveBeenCalledWith(summary.id);
  });

  it('exports the consent receipts through main and says where the file went', async () => {
    const summary: RecordingSummary = { id: 'cd'.repeat(16), createdAt: Date.now() - 1000, sizeBytes: 1_000_000, expiresAt: Date.now() + 86_400_000, endedAt: Date.now(), participants: 3 };
    const api = {
      listRecordings: vi.fn(async () => [summary]),
      exportRecordingConsents: vi.fn(async () => ({ path: '/home/ada/parley-consents.json', consents: 2 })),
      exportRecording: vi.fn(async () => {
        throw new Error('disk full');
      }),
    };
    (window as { parley?: unknown }).parley = api;
    render(<RecordingsSection />);
    const row = await screen.findByRole('row', { name: /1\.0 MB/ });
    fireEvent.click(within(row).getByRole('button', { name: /^Export the consent receipts/ }));
    expect(api.exportRecordingConsents).toHaveBeenCalledWith(summary.id);
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('2 consent receipts saved to /home/ada/parley-consents.json. A data-protection officer can check the file with parley-verify-consent.'));
    fireEvent.click(within(row).getByRole('button', { name: /^Export the recording/ }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/^The export did not work/));
  });
});
