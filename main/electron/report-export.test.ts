import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { REPORT_WINDOW_OPTIONS, createElectronReportExporter } from './report-export';

let folder = '';
afterEach(async () => {
  if (folder) await rm(folder, { recursive: true, force: true });
  folder = '';
});

function fakeWindows() {
  const made: Array<{ options: BrowserWindowConstructorOptions; url: string; destroyed: boolean }> = [];
  class FakeWindow {
    readonly record: { options: BrowserWindowConstructorOptions; url: string; destroyed: boolean };
    constructor(options: BrowserWindowConstructorOptions) {
      this.record = { options, url: '', destroyed: false };
      made.push(this.record);
    }
    loadURL = async (url: string) => {
      this.record.url = url;
    };
    webContents = { printToPDF: vi.fn(async () => Buffer.from('%PDF-1.7')) };
    destroy = () => {
      this.record.destroyed = true;
    };
  }
  return { made, BrowserWindow: FakeWindow as unknown as new (o: BrowserWindowConstructorOptions) => BrowserWindow };
}

describe('Electron report exporter', () => {
  it('prints the page in a hidden window without JavaScript, then closes it', async () => {
    const { made, BrowserWindow } = fakeWindows();
    const exporter = createElectronReportExporter({ BrowserWindow, showSaveDialog: vi.fn(), defaultFolder: '/tmp' });
    const pdf = await exporter.printToPdf('<p>Grüße</p>');
    expect(new TextDecoder().decode(pdf)).toBe('%PDF-1.7');
    expect(made).toHaveLength(1);
    expect(made[0]!.options).toEqual(REPORT_WINDOW_OPTIONS);
    expect(REPORT_WINDOW_OPTIONS).toMatchObject({ show: false, webPreferences: { javascript: false, sandbox: true, nodeIntegration: false } });
    expect(Buffer.from(made[0]!.url.split(',')[1]!, 'base64').toString('utf8')).toBe('<p>Grüße</p>');
    expect(made[0]!.destroyed).toBe(true);
  });

  it('writes where the user chose, and nothing when the dialog is cancelled', async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'parley-report-'));
    const target = path.join(folder, 'chosen.md');
    const showSaveDialog = vi.fn().mockResolvedValueOnce({ canceled: false, filePath: target }).mockResolvedValueOnce({ canceled: true, filePath: '' });
    const exporter = createElectronReportExporter({ BrowserWindow: fakeWindows().BrowserWindow, showSaveDialog, defaultFolder: '/home/ada/Documents' });
    expect(await exporter.save('parley-privacy-report-2026-11-27-en.md', new TextEncoder().encode('# Report'))).toBe(true);
    expect(await readFile(target, 'utf8')).toBe('# Report');
    expect(showSaveDialog.mock.calls[0]![0]).toEqual({
      defaultPath: path.join('/home/ada/Documents', 'parley-privacy-report-2026-11-27-en.md'),
      filters: [{ name: 'Markdown', extensions: ['md'] }],
    });
    expect(await exporter.save('x.pdf', new Uint8Array([1]))).toBe(false);
  });

  it('offers a meeting\'s calendar file as iCalendar', async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'parley-report-'));
    const target = path.join(folder, 'Planning.ics');
    const showSaveDialog = vi.fn().mockResolvedValueOnce({ canceled: false, filePath: target });
    const exporter = createElectronReportExporter({ BrowserWindow: fakeWindows().BrowserWindow, showSaveDialog, defaultFolder: '/home/ada/Documents' });
    expect(await exporter.save('Planning.ics', new TextEncoder().encode('BEGIN:VCALENDAR\r\n'))).toBe(true);
    expect(await readFile(target, 'utf8')).toBe('BEGIN:VCALENDAR\r\n');
    expect(showSaveDialog.mock.calls[0]![0]).toMatchObject({ filters: [{ name: 'iCalendar', extensions: ['ics'] }] });
  });
});
