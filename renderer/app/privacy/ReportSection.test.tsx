import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ParleyApi } from '../../../protocol/ipc-contract';
import { DEFAULT_SETTINGS, useSettingsStore } from '../settings-store';
import { ReportSection } from './ReportSection';

const getPrivacyReport = vi.fn();
const exportPrivacyReport = vi.fn();

beforeEach(() => {
  getPrivacyReport.mockReset().mockImplementation(async (language: string) => ({ language, markdown: `# Report (${language})\n\n| Setting | Value |`, baseName: 'r' }));
  exportPrivacyReport.mockReset().mockResolvedValue(true);
  window.parley = { getPrivacyReport, exportPrivacyReport } as unknown as ParleyApi;
  useSettingsStore.getState().update({ ...DEFAULT_SETTINGS, language: 'de' });
});
afterEach(() => {
  cleanup();
  delete window.parley;
  useSettingsStore.getState().update({ ...DEFAULT_SETTINGS });
});

describe('ReportSection', () => {
  it('shows the report main builds, in the interface language', async () => {
    render(<ReportSection />);
    fireEvent.click(screen.getByRole('button', { name: 'Bericht anzeigen' }));
    const report = await screen.findByLabelText('Datenschutzbericht');
    expect(report.textContent).toBe('# Report (de)\n\n| Setting | Value |');
    expect(getPrivacyReport).toHaveBeenCalledWith('de');
  });

  it('saves as PDF or Markdown through main and says so', async () => {
    render(<ReportSection />);
    fireEvent.click(screen.getByRole('button', { name: 'Als PDF speichern…' }));
    await screen.findByText('Der Bericht wurde gespeichert.');
    fireEvent.click(screen.getByRole('button', { name: 'Als Markdown speichern…' }));
    await vi.waitFor(() => expect(exportPrivacyReport).toHaveBeenCalledTimes(2));
    expect(exportPrivacyReport.mock.calls).toEqual([['de', 'pdf'], ['de', 'markdown']]);
  });

  it('a cancelled save says nothing; a failure says so', async () => {
    exportPrivacyReport.mockResolvedValueOnce(false).mockRejectedValueOnce(new Error('disk full'));
    render(<ReportSection />);
    fireEvent.click(screen.getByRole('button', { name: 'Als PDF speichern…' }));
    const button = screen.getByRole<HTMLButtonElement>('button', { name: 'Als PDF speichern…' });
    await vi.waitFor(() => expect(button.disabled).toBe(false));
    expect(exportPrivacyReport).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('status').textContent).toBe('');
    fireEvent.click(screen.getByRole('button', { name: 'Als PDF speichern…' }));
    await screen.findByText('Der Bericht konnte nicht erstellt oder gespeichert werden. Versuchen Sie es erneut.');
  });
});
