// Saving the data-protection report: Markdown as it is, PDF through Chromium's printToPDF of the
// report's HTML page. Electron stays behind ReportExporter (main/electron/report-export.ts), so
// this runs under plain Node; without an exporter (the e2e harness) export is refused clearly.
import type { ReportFormat } from '../../protocol/ipc-contract';
import { IpcRefusal } from '../ipc/dispatch';
import type { RenderedReport } from './report-document';

export interface ReportExporter {
  /** The self-contained report page as PDF (Electron: printToPDF of an offscreen window). */
  printToPdf(html: string): Promise<Uint8Array>;
  /** Asks the user where to save (a save dialog) and writes there; false when cancelled. */
  save(suggestedFileName: string, contents: Uint8Array): Promise<boolean>;
}

export async function exportReport(report: RenderedReport, format: ReportFormat, exporter: ReportExporter | null): Promise<boolean> {
  if (!exporter) throw new IpcRefusal('report-export-unavailable', 'Saving the report is not available here');
  if (format === 'markdown') return exporter.save(`${report.baseName}.md`, new TextEncoder().encode(report.markdown));
  return exporter.save(`${report.baseName}.pdf`, await exporter.printToPdf(report.html));
}
