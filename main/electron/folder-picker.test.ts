import type { OpenDialogOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { createFolderPicker } from './folder-picker';

describe('recording folder picker (electron mocked)', () => {
  it('opens a folder dialog at the current folder and returns the chosen folder', async () => {
    const showOpenDialog = vi.fn(async (_options: OpenDialogOptions) => ({ canceled: false, filePaths: ['/home/ada/Recordings'] }));
    const choose = createFolderPicker({ showOpenDialog, currentFolder: async () => '/home/ada/.config/Parley/recordings' });
    expect(await choose()).toBe('/home/ada/Recordings');
    const options = showOpenDialog.mock.calls[0]![0];
    expect(options.defaultPath).toBe('/home/ada/.config/Parley/recordings');
    expect(options.properties).toEqual(expect.arrayContaining(['openDirectory', 'createDirectory']));
    expect(options.properties).not.toContain('openFile');
    expect(options.properties).not.toContain('multiSelections');
  });

  it('returns null when the dialog is cancelled or comes back empty', async () => {
    const cancelled = createFolderPicker({ showOpenDialog: async () => ({ canceled: true, filePaths: ['/ignored'] }), currentFolder: async () => '/x' });
    expect(await cancelled()).toBeNull();
    const empty = createFolderPicker({ showOpenDialog: async () => ({ canceled: false, filePaths: [] }), currentFolder: async () => '/x' });
    expect(await empty()).toBeNull();
  });
});
