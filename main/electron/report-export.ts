// The data-protection report's exporter in Electron: PDF through printToPDF of a hidden,
// sandboxed window that shows the report page from a data: URL (no script: JavaScript is off,
// and the page's own CSP allows nothing to load), and a save dialog for where it goes (also
// used for a scheduled meeting's calendar file).
import type { BrowserWindow, BrowserWindowConstructorOptions, SaveDialogOptions, SaveDialogReturnValue } from 'electron';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ReportExporter } from '../privacy/report-export';

export interface ElectronReportExporterDeps {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindow;
  showSaveDialog(options: SaveDialogOptions): Promise<SaveDialogReturnValue>;
  /** Folder the save dialog opens in (the user's documents). */
  defaultFolder: string;
}

export const REPORT_WINDOW_OPTIONS: BrowserWindowConstructorOptions = {
  show: false,
  webPreferences: {
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    javascript: false,
    webSecurity: true,
    spellcheck: false,
    devTools: false,
  },
};

/** The save dialog's name for each kind of file main saves: the report, a meeting's calendar file. */
const FILE_KINDS: Readonly<Record<string, string>> = { pdf: 'PDF', md: 'Markdown', ics: 'iCalendar' };

export function createElectronReportExporter(deps: ElectronReportExporterDeps): ReportExporter {
  return {
    async printToPdf(html) {
      const window = new deps.BrowserWindow(REPORT_WINDOW_OPTIONS);
      try {
        await window.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`);
        return new Uint8Array(await window.webContents.printToPDF({ pageSize: 'A4', printBackground: true }));
      } finally {
        window.destroy();
      }
    },
    async save(suggestedFileName, contents) {
      const extension = path.extname(suggestedFileName).slice(1);
      const { canceled, filePath } = await deps.showSaveDialog({
        defaultPath: path.join(deps.defaultFolder, suggestedFileName),
        filters: [{ name: FILE_KINDS[extension] ?? extension, extensions: [extension] }],
      });
      if (canceled || !filePath) return false;
      await writeFile(filePath, contents);
      return true;
    },
  };
}
