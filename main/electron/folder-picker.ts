// The recording folder's picker in Electron: the system's folder dialog, in front of Parley's
// window. Only the path comes back; main checks it (absolute, creatable, writable) when the
// renderer saves it as the recordingFolder setting, as it does for a typed path.
import type { OpenDialogOptions, OpenDialogReturnValue } from 'electron';

export interface FolderPickerDeps {
  /** dialog.showOpenDialog, bound to Parley's window when there is one. */
  showOpenDialog(options: OpenDialogOptions): Promise<OpenDialogReturnValue>;
  /** Where the dialog opens: the folder in use now. */
  currentFolder(): Promise<string>;
}

/** A folder the user chose, or null when the dialog was cancelled. */
export type ChooseFolder = () => Promise<string | null>;

export function createFolderPicker(deps: FolderPickerDeps): ChooseFolder {
  return async () => {
    const { canceled, filePaths } = await deps.showOpenDialog({
      title: 'Folder for recordings',
      defaultPath: await deps.currentFolder(),
      properties: ['openDirectory', 'createDirectory', 'promptToCreate', 'dontAddToRecent'],
    });
    const [chosen] = filePaths;
    return canceled || chosen === undefined ? null : chosen;
  };
}
