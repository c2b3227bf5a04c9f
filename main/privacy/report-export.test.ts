import { describe, expect, it } from 'vitest';
import { IpcRefusal } from '../ipc/dispatch';
import type { RenderedReport } from './report-document';
import { exportReport } from './report-export';
import type { ReportExporter } from './report-export';

const report: RenderedReport = { language: 'de', markdown: '# Bericht\n', html: '<!doctype html><p>Bericht</p>', baseName: 'parley-privacy-report-2026-11-27-de' };

function fakeExporter(saveAnswer = true) {
  const saved: Array<{ name: string; text: string }> = [];
  const printed: string[] = [];
  const exporter: ReportExporter = {
    printToPdf: async (html) => {
      printed.push(html);
      return new TextEncoder().encode('%PDF-1.4 fake');
    },
    save: async (name, contents) => {
      saved.push({ name, text: new TextDecoder().decode(contents) });
      return saveAnswer;
    },
  };
  return { exporter, saved, printed };
}

describe('exportReport', () => {
  it('saves Markdown as it is, without printing', async () => {
    const { exporter, saved, printed } = fakeExporter();
    expect(await exportReport(report, 'markdown', exporter)).toBe(true);
    expect(saved).toEqual([{ name: 'parley-privacy-report-2026-11-27-de.md', text: '# Bericht\n' }]);
    expect(printed).toEqual([]);
  });

  it('prints the HTML page to PDF and saves that', async () => {
    const { exporter, saved, printed } = fakeExporter(false);
    expect(await exportReport(report, 'pdf', exporter)).toBe(false);
    expect(printed).toEqual([report.html]);
    expect(saved).toEqual([{ name: 'parley-privacy-report-2026-11-27-de.pdf', text: '%PDF-1.4 fake' }]);
  });

  it('is refused with a clear code where nothing can save', async () => {
    await expect(exportReport(report, 'pdf', null)).rejects.toEqual(new IpcRefusal('report-export-unavailable', 'Saving the report is not available here'));
  });
});
