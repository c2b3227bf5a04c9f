// Where Parley keeps its data inside the data folder (Electron's userData in the app, a temp
// folder per page in the e2e harness). One list, so "erase everything" removes exactly what
// the modules write.
import path from 'node:path';
import { CONTACTS_FILE } from '../contacts/contact-book';
import { IDENTITIES_FILE } from '../identities/known-identities';
import { RECENT_MEETINGS_FILE } from '../links/recent-meetings';
import { ORGANISATION_FILE } from '../identities/organisation-statements';
import { KEYSTORE_FILE } from '../keystore/keystore-service';
import { VAULT_KEY_FILE } from '../vault/vault';
import { RECORDING_FOLDERS_FILE } from '../recording/recording-folders';
import { UPDATER_ID_FILE } from '../update/electron-updater';
import { SETTINGS_FILE } from './settings-service';
import { WINDOW_STATE_FILE } from '../desktop/window-state';
import { DIAGNOSTICS_LOG_FILE } from '../diagnostics/diagnostics-log';
import { MEETINGS_FILE } from '../meetings/scheduled-meetings';

export const RECORDINGS_DIR = 'recordings';

/** Files Parley writes (and the updater id an earlier build may have left: main/update/electron-updater.ts);
 * each may also have .prev (backup), .tmp-* (interrupted write) and .damaged-* variants. */
export const PARLEY_FILES = [
  VAULT_KEY_FILE, KEYSTORE_FILE, IDENTITIES_FILE, ORGANISATION_FILE, CONTACTS_FILE, SETTINGS_FILE, RECORDING_FOLDERS_FILE, UPDATER_ID_FILE, WINDOW_STATE_FILE, DIAGNOSTICS_LOG_FILE, RECENT_MEETINGS_FILE, MEETINGS_FILE,
] as const;

export interface DataPaths {
  dataDir: string;
  vaultKey: string;
  keystore: string;
  identities: string;
  settings: string;
  /** Encrypted recordings (main/recording/), unless the recordingFolder setting names another folder. */
  recordings: string;
  /** The folders that hold recordings (main/recording/recording-folders.ts). */
  recordingFolders: string;
}

export function dataPaths(dataDir: string): DataPaths {
  return {
    dataDir,
    vaultKey: path.join(dataDir, VAULT_KEY_FILE),
    keystore: path.join(dataDir, KEYSTORE_FILE),
    identities: path.join(dataDir, IDENTITIES_FILE),
    settings: path.join(dataDir, SETTINGS_FILE),
    recordings: path.join(dataDir, RECORDINGS_DIR),
    recordingFolders: path.join(dataDir, RECORDING_FOLDERS_FILE),
  };
}

/** True for a folder entry that belongs to Parley (and so goes on "erase everything"). */
export function isParleyEntry(name: string): boolean {
  return name === RECORDINGS_DIR || PARLEY_FILES.some((base) => name === base || name.startsWith(`${base}.`));
}
