// Every datum Parley and its relay process hold: what, where, who can read it, how long, how to
// delete it. One typed list: docs/PRIVACY.md's inventory table is rendered from it (a unit test
// keeps the two equal), the data-protection report quotes it, and the erase-everything e2e test
// checks that none of its data-folder paths survive an erase.
import type { ReportLanguage } from '../../protocol/ipc-contract';
import { CONTACTS_FILE } from '../contacts/contact-book';
import { IDENTITIES_FILE } from '../identities/known-identities';
import { RECENT_MEETINGS_FILE } from '../links/recent-meetings';
import { ORGANISATION_FILE } from '../identities/organisation-statements';
import { KEYSTORE_FILE } from '../keystore/keystore-service';
import { RECORDING_FOLDERS_FILE } from '../recording/recording-folders';
import { RECORDINGS_DIR } from '../settings/data-paths';
import { SETTINGS_FILE } from '../settings/settings-service';
import { UPDATER_ID_FILE } from '../update/electron-updater';
import { VAULT_KEY_FILE } from '../vault/vault';
import { WINDOW_STATE_FILE } from '../desktop/window-state';
import { DIAGNOSTICS_LOG_FILE } from '../diagnostics/diagnostics-log';
import { MEETINGS_FILE } from '../meetings/scheduled-meetings';

export type { ReportLanguage };
export type Localized = Readonly<Record<ReportLanguage, string>>;

export type DataLocation =
  /** A file or folder in Parley's data folder (relative path; variants: .prev, .tmp-*, .damaged-*). */
  | { kind: 'data-folder'; path: string }
  /** A key in the renderer's localStorage (Chromium's "Local Storage" inside the data folder). */
  | { kind: 'renderer-storage'; key: string }
  /** Chromium's own files inside the data folder (caches, storage databases). */
  | { kind: 'chromium-profile' }
  /** Only in the memory of the app during a call. */
  | { kind: 'app-memory' }
  /** In the relay process's memory (or Redis, with an expiry, when the operator scales out). */
  | { kind: 'relay-memory' }
  /** The relay's stderr, kept by whatever the operator runs it under (journald, a container log). */
  | { kind: 'relay-log' };

export interface DataItem {
  id: string;
  holder: 'app' | 'relay';
  datum: Localized;
  location: DataLocation;
  readers: Localized;
  retention: Localized;
  deletion: Localized;
}

const ERASE: Localized = {
  en: 'Settings → Privacy → Erase everything',
  de: 'Einstellungen → Datenschutz → Alles löschen',
};

/** A plain file only the user's own programs can read. */
const USER_FILE_READERS: Localized = {
  en: 'Programs running as the user (file mode 0600)',
  de: 'Programme, die als der Benutzer laufen (Dateimodus 0600)',
};

/** A plain (unencrypted) file of Parley's in the data folder, readable by the user's programs, erased with everything. */
function plainUserFile(id: string, file: string, datum: Localized, retention: Localized): DataItem {
  return { id, holder: 'app', datum, location: { kind: 'data-folder', path: file }, readers: USER_FILE_READERS, retention, deletion: ERASE };
}

/** What the diagnostics log may hold (main/diagnostics/diagnostics-log.ts allows nothing else). */
const DIAGNOSTICS_LOG_DATUM: Localized = {
  en: 'Diagnostics log, only when turned on (setting or policy diagnosticsLog): times of start-up, versions, IPC channel names with error codes, call error codes, the number of policy problems; never names, keys, addresses or message contents. At most 2 × 128 KB (diagnostics.log and diagnostics.log.1)',
  de: 'Diagnoseprotokoll, nur wenn eingeschaltet (Einstellung oder Richtlinie diagnosticsLog): Startzeiten, Versionen, IPC-Kanalnamen mit Fehlercodes, Fehlercodes von Anrufen, die Zahl der Probleme in der Richtlinie; nie Namen, Schlüssel, Adressen oder Nachrichteninhalte. Höchstens 2 × 128 KB (diagnostics.log und diagnostics.log.1)',
};

const SEALED_READERS: Localized = {
  en: 'Parley on this device, after the vault key is unsealed',
  de: 'Parley auf diesem Gerät, nachdem der Tresorschlüssel entsiegelt ist',
};

/** A file of Parley's in the data folder encrypted under the vault key. */
function sealedUserFile(id: string, file: string, datum: Localized, retention: Localized, deletion: Localized): DataItem {
  return { id, holder: 'app', datum, location: { kind: 'data-folder', path: file }, readers: SEALED_READERS, retention, deletion };
}

export const DATA_INVENTORY: readonly DataItem[] = [
  {
    id: 'vault-key',
    holder: 'app',
    datum: {
      en: 'Vault key (random 32 bytes that encrypt every other secret file), sealed by the OS key store (safeStorage) or a passphrase',
      de: 'Tresorschlüssel (zufällige 32 Byte, die alle anderen geheimen Dateien verschlüsseln), versiegelt durch den Schlüsselspeicher des Betriebssystems (safeStorage) oder eine Passphrase',
    },
    location: { kind: 'data-folder', path: VAULT_KEY_FILE },
    readers: {
      en: 'The user\'s OS account through its key store (or whoever knows the passphrase)',
      de: 'Das Betriebssystemkonto des Benutzers über seinen Schlüsselspeicher (oder wer die Passphrase kennt)',
    },
    retention: { en: 'Until erased', de: 'Bis zum Löschen' },
    deletion: ERASE,
  },
  {
    id: 'identity-keys',
    holder: 'app',
    datum: {
      en: 'Identity key pair, signed prekeys, ML-KEM prekey, one-time prekeys, the ephemeral keys of accepted handshake inits (encrypted under the vault key)',
      de: 'Identitätsschlüsselpaar, signierte Prekeys, ML-KEM-Prekey, Einmal-Prekeys, die ephemeren Schlüssel angenommener Handshake-Inits (unter dem Tresorschlüssel verschlüsselt)',
    },
    location: { kind: 'data-folder', path: KEYSTORE_FILE },
    readers: SEALED_READERS,
    retention: {
      en: 'Until erased; one-time prekeys are deleted on use, replaced signed prekeys after 14 days (and the inits recorded for them with them)',
      de: 'Bis zum Löschen; Einmal-Prekeys werden bei Gebrauch gelöscht, ersetzte signierte Prekeys nach 14 Tagen (und die für sie vermerkten Inits mit ihnen)',
    },
    deletion: ERASE,
  },
  {
    id: 'known-identities',
    holder: 'app',
    datum: {
      en: 'Trust record: everyone met in a call, a lobby or as a contact — identity public key, up to 4 display names they used, first/last seen, and whether and when and how you verified them (encrypted)',
      de: 'Vertrauensliste: alle, denen Sie in einem Anruf, im Warteraum oder als Kontakt begegnet sind – öffentlicher Identitätsschlüssel, bis zu 4 verwendete Anzeigenamen, zuerst/zuletzt gesehen, und ob, wann und wie Sie sie verifiziert haben (verschlüsselt)',
    },
    location: { kind: 'data-folder', path: IDENTITIES_FILE },
    readers: SEALED_READERS,
    retention: {
      en: 'Verified people until you remove the verification or erase; people only seen, one year after they were last seen',
      de: 'Verifizierte Personen, bis Sie die Verifizierung entfernen oder alles löschen; nur gesehene Personen ein Jahr nach der letzten Begegnung',
    },
    deletion: ERASE,
  },
  {
    id: 'organisation-statement',
    holder: 'app',
    datum: {
      en: 'The statement your organisation signed for your identity key, if you imported one: organisation name and key, your name as signed, your identity public key, issued and expiry dates; shown to everyone you greet in a call (encrypted)',
      de: 'Die Bestätigung, die Ihre Organisation für Ihren Identitätsschlüssel signiert hat, falls Sie eine importiert haben: Name und Schlüssel der Organisation, Ihr signierter Name, Ihr öffentlicher Identitätsschlüssel, Ausstellungs- und Ablaufdatum; wird allen gezeigt, die Sie in einem Anruf begrüßen (verschlüsselt)',
    },
    location: { kind: 'data-folder', path: ORGANISATION_FILE },
    readers: SEALED_READERS,
    retention: {
      en: 'Until you remove it in Settings or erase everything',
      de: 'Bis Sie sie in den Einstellungen entfernen oder alles löschen',
    },
    deletion: ERASE,
  },
  {
    id: 'contact-book',
    holder: 'app',
    datum: {
      en: 'Contact book: your own contact card (mailbox id), added contacts\' cards (name, identity key, mailbox id, relay), teams, call history (time, direction, who, team, outcome), do-not-disturb (encrypted)',
      de: 'Kontaktbuch: die eigene Kontaktkarte (Postfach-ID), Karten hinzugefügter Kontakte (Name, Identitätsschlüssel, Postfach-ID, Relay), Teams, Anrufverlauf (Zeit, Richtung, wer, Team, Ergebnis), Nicht stören (verschlüsselt)',
    },
    location: { kind: 'data-folder', path: CONTACTS_FILE },
    readers: SEALED_READERS,
    retention: {
      en: 'Until erased or removed; call history only for its retention period (30 days by default, at most 500 calls)',
      de: 'Bis zum Löschen oder Entfernen; der Anrufverlauf nur für seine Aufbewahrungsfrist (standardmäßig 30 Tage, höchstens 500 Anrufe)',
    },
    deletion: {
      en: 'Remove a contact or team in the contact book; Erase everything',
      de: 'Kontakt oder Team im Kontaktbuch entfernen; Alles löschen',
    },
  },
  sealedUserFile('scheduled-meetings', MEETINGS_FILE, {
    en: 'My meetings: each meeting scheduled here — the title you gave it, its time and length, whether guests wait in the lobby, and its invite link, which contains the room secret (encrypted). Calendar files you save go where you put them, outside Parley',
    de: 'Meine Meetings: jedes hier geplante Meeting – der Titel, den Sie ihm gegeben haben, Zeit und Dauer, ob Gäste im Warteraum warten, und sein Einladungslink, der das Raumgeheimnis enthält (verschlüsselt). Gespeicherte Kalenderdateien liegen, wo Sie sie ablegen, außerhalb von Parley',
  },
  { en: 'Until you delete the meeting, or erase', de: 'Bis Sie das Meeting löschen oder alles löschen' },
  { en: 'My meetings → Delete; Erase everything', de: 'Meine Meetings → Löschen; Alles löschen' }),
  {
    id: 'settings',
    holder: 'app',
    datum: {
      en: 'Settings: relay URL, recording mode, retention, recording folder, size and bitrate, lobby, screen sharing, always relay calls, auto-update, keep running in the tray, start at login, display name (plain JSON)',
      de: 'Einstellungen: Relay-URL, Aufnahmemodus, Aufbewahrung, Aufnahmeordner, -größe und -bitrate, Warteraum, Bildschirmfreigabe, Anrufe immer weiterleiten, automatische Updates, im Infobereich weiterlaufen, bei der Anmeldung starten, Anzeigename (unverschlüsseltes JSON)',
    },
    location: { kind: 'data-folder', path: SETTINGS_FILE },
    readers: USER_FILE_READERS,
    retention: { en: 'Until erased', de: 'Bis zum Löschen' },
    deletion: ERASE,
  },
  plainUserFile('window-state', WINDOW_STATE_FILE,
    { en: 'Position and size of the main window, and whether it was maximised (plain JSON)', de: 'Position und Größe des Hauptfensters und ob es maximiert war (unverschlüsseltes JSON)' },
    { en: 'Until erased; rewritten when the window moves', de: 'Bis zum Löschen; neu geschrieben, wenn das Fenster bewegt wird' }),
  plainUserFile('diagnostics-log', DIAGNOSTICS_LOG_FILE, DIAGNOSTICS_LOG_DATUM, {
    en: 'The older half is dropped when the log reaches 128 KB; deleted when the log is turned off',
    de: 'Die ältere Hälfte entfällt, wenn das Protokoll 128 KB erreicht; gelöscht, wenn das Protokoll ausgeschaltet wird',
  }),
  {
    id: 'recordings',
    holder: 'app',
    datum: {
      en: 'Recordings (encrypted chunk by chunk) and their consent receipts (signed by every participant); here by default, or in the folder chosen in Settings or set by policy (recordingFolder)',
      de: 'Aufnahmen (abschnittsweise verschlüsselt) und ihre Einwilligungsbelege (von allen Teilnehmenden signiert); standardmäßig hier, oder in dem in den Einstellungen gewählten oder per Richtlinie gesetzten Ordner (recordingFolder)',
    },
    location: { kind: 'data-folder', path: RECORDINGS_DIR },
    readers: {
      en: 'Parley on the recording device; anyone the user gives an export to',
      de: 'Parley auf dem aufnehmenden Gerät; wem der Benutzer einen Export gibt',
    },
    retention: {
      en: 'Deleted after the retention period (setting or policy), or earlier by the user',
      de: 'Gelöscht nach der Aufbewahrungsfrist (Einstellung oder Richtlinie), oder früher durch den Benutzer',
    },
    deletion: ERASE,
  },
  {
    id: 'recording-folders',
    holder: 'app',
    datum: {
      en: 'The folders that hold recordings, so older ones are still found after the folder changes (paths only, plain JSON)',
      de: 'Die Ordner, in denen Aufnahmen liegen, damit ältere nach einem Ordnerwechsel weiter gefunden werden (nur Pfade, unverschlüsseltes JSON)',
    },
    location: { kind: 'data-folder', path: RECORDING_FOLDERS_FILE },
    readers: { en: 'Programs running as the user', de: 'Programme, die als der Benutzer laufen' },
    retention: { en: 'Until erased', de: 'Bis zum Löschen' },
    deletion: {
      en: 'Erase everything (which first deletes the recordings in every listed folder)',
      de: 'Alles löschen (das zuerst die Aufnahmen in jedem aufgeführten Ordner löscht)',
    },
  },
  {
    id: 'ui-settings',
    holder: 'app',
    datum: {
      en: 'Interface settings: display name, language, theme, chosen camera/microphone/speaker ids, start muted, relay URL, "remember recent meetings"',
      de: 'Oberflächen-Einstellungen: Anzeigename, Sprache, Farbschema, gewählte Kamera-/Mikrofon-/Lautsprecher-IDs, stumm beginnen, Relay-URL, „Letzte Besprechungen merken“',
    },
    location: { kind: 'renderer-storage', key: 'parley.settings.v1' },
    readers: { en: 'Programs running as the user', de: 'Programme, die als der Benutzer laufen' },
    retention: { en: 'Until erased', de: 'Bis zum Löschen' },
    deletion: ERASE,
  },
  {
    id: 'recent-meetings',
    holder: 'app',
    datum: {
      en: 'Recent meetings (up to 5 invite links, which contain the room secret, with the time last joined); only when the user opts in (encrypted)',
      de: 'Letzte Besprechungen (bis zu 5 Einladungslinks, die das Raumgeheimnis enthalten, mit dem Zeitpunkt des letzten Beitritts); nur wenn der Benutzer es einschaltet (verschlüsselt)',
    },
    location: { kind: 'data-folder', path: RECENT_MEETINGS_FILE },
    readers: SEALED_READERS,
    retention: {
      en: 'Until forgotten, the option is turned off, or erased',
      de: 'Bis sie vergessen werden, die Option ausgeschaltet oder alles gelöscht wird',
    },
    deletion: {
      en: 'Home → forget; Settings → turn off "remember recent meetings"; Erase everything',
      de: 'Start → vergessen; Einstellungen → „Letzte Besprechungen merken“ ausschalten; Alles löschen',
    },
  },
  {
    id: 'chromium-profile',
    holder: 'app',
    datum: {
      en: 'Chromium\'s own profile files (Local Storage, caches, Preferences); no Parley data beyond the storage key above',
      de: 'Chromiums eigene Profildateien (Local Storage, Caches, Preferences); keine Parley-Daten außer dem Speicherschlüssel oben',
    },
    location: { kind: 'chromium-profile' },
    readers: { en: 'Programs running as the user', de: 'Programme, die als der Benutzer laufen' },
    retention: { en: 'Until erased or uninstalled', de: 'Bis zum Löschen oder Deinstallieren' },
    deletion: {
      en: 'Erase everything clears storage and caches; uninstalling removes the folder',
      de: 'Alles löschen leert Speicher und Caches; die Deinstallation entfernt den Ordner',
    },
  },
  {
    id: 'updater-id',
    holder: 'app',
    datum: {
      en: 'Update installation id: not created. electron-updater would keep a random id in this file and send it with every update check; Parley sends one fixed id, the same for every installation, instead',
      de: 'Installations-ID für Updates: wird nicht angelegt. electron-updater würde in dieser Datei eine zufällige ID ablegen und bei jeder Update-Prüfung senden; Parley sendet stattdessen eine feste ID, die für alle Installationen gleich ist',
    },
    location: { kind: 'data-folder', path: UPDATER_ID_FILE },
    readers: {
      en: 'Nobody; programs running as the user, if an earlier build left the file',
      de: 'Niemand; Programme, die als der Benutzer laufen, falls eine frühere Version die Datei hinterlassen hat',
    },
    retention: { en: 'None; a file left by an earlier build until erased', de: 'Keine; eine von einer früheren Version hinterlassene Datei bis zum Löschen' },
    deletion: ERASE,
  },
  {
    id: 'call-content',
    holder: 'app',
    datum: {
      en: 'Call content: audio, video, chat, screen share, participants\' names, ratchet and media keys, ICE candidates (IP addresses)',
      de: 'Gesprächsinhalt: Audio, Video, Chat, Bildschirmfreigabe, Namen der Teilnehmenden, Ratchet- und Medienschlüssel, ICE-Kandidaten (IP-Adressen)',
    },
    location: { kind: 'app-memory' },
    readers: {
      en: 'The participants of the call (end-to-end encrypted between them)',
      de: 'Die Teilnehmenden des Gesprächs (zwischen ihnen Ende-zu-Ende-verschlüsselt)',
    },
    retention: { en: 'Gone when the call ends; never written to disk', de: 'Weg, wenn das Gespräch endet; nie auf die Festplatte geschrieben' },
    deletion: { en: 'Leave the call', de: 'Gespräch verlassen' },
  },
  {
    id: 'relay-rooms',
    holder: 'relay',
    datum: {
      en: 'Room state: opaque 32-byte room id, random per-join peer ids, encrypted prekey-bundle blobs; envelopes only while forwarded',
      de: 'Raumzustand: undurchsichtige 32-Byte-Raum-ID, zufällige Teilnehmer-IDs je Beitritt, verschlüsselte Prekey-Bündel; Umschläge nur während der Weiterleitung',
    },
    location: { kind: 'relay-memory' },
    readers: { en: 'The relay operator (and Redis, when used)', de: 'Der Relay-Betreiber (und Redis, falls genutzt)' },
    retention: {
      en: 'Until the last member leaves (Redis: member expiry, 15 s by default); never on disk',
      de: 'Bis das letzte Mitglied geht (Redis: Ablauf je Mitglied, standardmäßig 15 s); nie auf der Festplatte',
    },
    deletion: { en: 'Automatic', de: 'Automatisch' },
  },
  {
    id: 'relay-mailboxes',
    holder: 'relay',
    datum: {
      en: 'Contact mailboxes: the opaque mailbox ids a running app listens on, and sealed posts (rings) to them',
      de: 'Kontakt-Postfächer: die undurchsichtigen Postfach-IDs, auf die eine laufende App hört, und versiegelte Nachrichten (Anrufe) an sie',
    },
    location: { kind: 'relay-memory' },
    readers: {
      en: 'The relay operator and Redis, when used (ids and sizes only; posts are end-to-end sealed)',
      de: 'Der Relay-Betreiber und Redis, falls genutzt (nur IDs und Größen; Nachrichten sind Ende-zu-Ende-versiegelt)',
    },
    retention: {
      en: 'Ids while the app listens; an undelivered post at most 30 s; never on disk',
      de: 'IDs, solange die App zuhört; eine nicht zugestellte Nachricht höchstens 30 s; nie auf der Festplatte',
    },
    deletion: { en: 'Automatic', de: 'Automatisch' },
  },
  {
    id: 'relay-addresses',
    holder: 'relay',
    datum: {
      en: 'Client IP addresses (TCP level), for the per-address connection limit',
      de: 'IP-Adressen der Clients (TCP-Ebene), für die Verbindungsgrenze je Adresse',
    },
    location: { kind: 'relay-memory' },
    readers: { en: 'The relay operator', de: 'Der Relay-Betreiber' },
    retention: { en: 'While the connection is open', de: 'Solange die Verbindung besteht' },
    deletion: { en: 'Automatic', de: 'Automatisch' },
  },
  {
    id: 'relay-logs',
    holder: 'relay',
    datum: {
      en: 'Relay logs: event names, counts and error codes; addresses only with --log-addresses (off by default); /metrics counters',
      de: 'Relay-Protokolle: Ereignisnamen, Zähler und Fehlercodes; Adressen nur mit --log-addresses (standardmäßig aus); /metrics-Zähler',
    },
    location: { kind: 'relay-log' },
    readers: { en: 'The relay operator', de: 'Der Relay-Betreiber' },
    retention: { en: 'As the operator\'s log system keeps them', de: 'So lange das Protokollsystem des Betreibers sie aufbewahrt' },
    deletion: { en: 'The operator\'s log rotation', de: 'Die Protokollrotation des Betreibers' },
  },
];

/** The data-folder entries of the inventory (what "erase everything" must leave behind: nothing). */
export const DATA_FOLDER_PATHS: readonly string[] = DATA_INVENTORY.flatMap((item) => (item.location.kind === 'data-folder' ? [item.location.path] : []));

/** The renderer's localStorage keys of the inventory. */
export const RENDERER_STORAGE_KEYS: readonly string[] = DATA_INVENTORY.flatMap((item) => (item.location.kind === 'renderer-storage' ? [item.location.key] : []));

/** The ids of what "Erase everything" deletes: everything the app stores (not what lives only in a call's memory). */
export function erasedByEraseEverything(): string[] {
  return DATA_INVENTORY.filter((item) => item.holder === 'app' && item.location.kind !== 'app-memory').map((item) => item.id);
}
