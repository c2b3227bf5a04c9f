// Everything main does for the renderer, as plain Node code with no Electron import: the
// Electron bridge (main/electron/) and the e2e harness (test/harness/) both drive this.
import { mkdirSync } from 'node:fs';
import { arch, release } from 'node:os';
import type { CryptoProvider } from '../protocol/crypto/provider';
import type { AppInfo, IpcChannel, RingAnswer } from '../protocol/ipc-contract';
import { signingInput } from '../protocol/ipc-contract';
import { ContactBookService } from './contacts/contact-book';
import { nodeProvider } from './crypto/node-provider';
import { EraseEverything } from './erase/erase-everything';
import { MainEvents } from './events/main-events';
import { DiagnosticsLog } from './diagnostics/diagnostics-log';
import { diagnosticsText } from './diagnostics/diagnostics-report';
import { PendingValue } from './events/pending-value';
import { RecentMeetings } from './links/recent-meetings';
import { KnownIdentities } from './identities/known-identities';
import { OrganisationStatements } from './identities/organisation-statements';
import type { IpcHandlers } from './ipc/dispatch';
import { IpcRefusal } from './ipc/dispatch';
import type { KeySealing } from './keystore/keystore-service';
import { KeystoreService } from './keystore/keystore-service';
import type { ExternalLinkOpener } from './links/external-links';
import { openExternalSafely } from './links/external-links';
import { exportReport } from './privacy/report-export';
import type { ReportExporter } from './privacy/report-export';
import { buildPrivacyReport } from './privacy/report';
import { renderReport } from './privacy/report-document';
import { PendingJoinLinks } from './links/join-link';
import { PolicyService } from './policy/policy-service';
import type { ChooseExportPath } from './recording/recordings-service';
import { RecordingsService } from './recording/recordings-service';
import { RecordingFolders } from './recording/recording-folders';
import type { PolicyReader } from './policy/reader';
import type { CaptureSource, ListCaptureSources } from './screen/screen-picker';
import { ScreenPicker } from './screen/screen-picker';
import { dataPaths } from './settings/data-paths';
import { SettingsService } from './settings/settings-service';
import { RelayHostingService } from './hosting/relay-hosting';
import type { StartRelayListener } from './hosting/relay-hosting';
import { ProtocolError } from '../protocol/errors';
import type { CallNotifier } from './notifications/call-notifier';
import { ScheduledMeetingsService } from './meetings/scheduled-meetings';

export interface MainServicesOptions<S extends CaptureSource = CaptureSource> {
  /** Folder for this installation's data (keystore, settings, recordings). */
  dataDir: string;
  appVersion: string;
  platform: string;
  embeddedRelayUrl?: string | null;
  /** Starts a relay on host:port for LAN meetings (hostOnLocalNetwork); absent = not possible here. */
  startRelayListener?: StartRelayListener;
  /** This computer's private IPv4 addresses (default: from the OS). */
  localAddresses?: () => string[];
  /** How the vault key is sealed (safeStorage / passphrase in the app; createTestSealer() in tests). */
  sealing: KeySealing;
  /** Where admin policy comes from (platformPolicyReader() in the app; NO_POLICY or a fixture in tests). */
  policyReader: PolicyReader;
  /** node:crypto (tested byte-identical to the @noble reference) unless a test passes another. */
  crypto?: CryptoProvider;
  now?: () => number;
  /** desktopCapturer in the app; absent in the harness (no sources). */
  listCaptureSources?: ListCaptureSources<S>;
  /** Confirmation dialog + shell.openExternal in the app; absent means links are never opened. */
  externalLinks?: ExternalLinkOpener;
  /** Saves the data-protection report (save dialog and printToPDF in the app); absent = no export. */
  reportExporter?: ReportExporter;
  /** The update feed the running app polls, or null when it does not update itself (named in the report). */
  updateFeedUrl?: () => string | null;
  /** Where to save an exported recording (a save dialog in the app, a temp path in tests); absent = no export. */
  chooseRecordingExportPath?: ChooseExportPath;
  /** OS notifications for rings (Electron's in the app, a recorder in the e2e harness); absent = none. */
  callNotifier?: CallNotifier;
  /** A folder dialog for the recording folder in the app; absent = type the path in Settings. */
  chooseRecordingFolder?: () => Promise<string | null>;
  /** Saves a file where the person chooses (a save dialog in the app); absent = saving a meeting's calendar file is refused. */
  saveFile?: (suggestedFileName: string, contents: Uint8Array) => Promise<boolean>;
  /** Extra clean-up after "erase everything" (Chromium storage in the app). */
  afterErase?: () => Promise<void>;
}

export interface MainServices<S extends CaptureSource = CaptureSource> {
  readonly handlers: IpcHandlers;
  readonly keystore: KeystoreService;
  readonly policy: PolicyService;
  readonly settings: SettingsService;
  readonly identities: KnownIdentities;
  readonly screenPicker: ScreenPicker<S>;
  readonly joinLinks: PendingJoinLinks;
  readonly recordings: RecordingsService;
  readonly contactBook: ContactBookService;
  readonly hosting: RelayHostingService;
  readonly diagnostics: DiagnosticsLog;
  readonly meetings: ScheduledMeetingsService;
  /** Accept / Decline pressed on a ring's notification, held for the renderer (notify:takeRingAnswer). */
  readonly ringAnswers: PendingValue<RingAnswer>;
  /** Tells the renderer to start a new meeting ("Start a meeting" in the tray menu). */
  startMeeting(): void;
  /** Tells the renderer to show Settings ("Settings…" in the application menu). */
  openSettings(): void;
  close(): Promise<void>;
}

/** How often the LAN relay checks that this computer's address is still the one its links name. */
const LOCAL_ADDRESS_CHECK_MS = 30_000;

/** ProtocolErrors from key operations (unknown or used prekey, bad key) are safe to report. */
async function keyOperation<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ProtocolError) throw new IpcRefusal(error.code, error.message);
    throw error;
  }
}

/** Every handler's refusal or failure goes to the diagnostics as channel and code, never its arguments. */
function withFailuresRecorded(table: IpcHandlers, diagnostics: DiagnosticsLog): IpcHandlers {
  const wrapped: Record<string, (...args: never[]) => Promise<unknown>> = {};
  for (const [channel, handler] of Object.entries(table) as [IpcChannel, (...args: unknown[]) => Promise<unknown>][]) {
    wrapped[channel] = async (...args: unknown[]) => {
      try {
        return await handler(...args);
      } catch (error) {
        void diagnostics.record({ event: 'ipc-failure', channel, code: error instanceof IpcRefusal ? error.code : 'internal' });
        throw error;
      }
    };
  }
  return wrapped as unknown as IpcHandlers;
}

export function createMainServices<S extends CaptureSource = CaptureSource>(options: MainServicesOptions<S>): MainServices<S> {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const now = options.now ?? Date.now;
  const appInfo: AppInfo = {
    name: 'Parley',
    version: options.appVersion,
    platform: options.platform,
    embeddedRelayUrl: options.embeddedRelayUrl ?? null,
  };
  const keystore = new KeystoreService({ dataDir: options.dataDir, sealing: options.sealing, crypto: options.crypto ?? nodeProvider, now });
  const events = new MainEvents();
  const policy = new PolicyService(options.policyReader);
  policy.onChange(() => events.emit({ type: 'settings-changed' }));
  policy.watch();
  const settings = new SettingsService(options.dataDir, policy);
  const diagnostics = new DiagnosticsLog({ dataDir: options.dataDir, enabled: async () => (await settings.effective()).diagnosticsLog.value, now });
  const recordPolicyProblems = async () => {
    const count = (await policy.current()).status.errors.length;
    if (count > 0) await diagnostics.record({ event: 'policy-problems', count });
  };
  void diagnostics.record({ event: 'app-start', version: options.appVersion, platform: options.platform }).then(recordPolicyProblems);
  // Turning the log off (the person, or a policy) deletes it.
  settings.onChange(() => void diagnostics.apply());
  policy.onChange(() => void diagnostics.apply().then(recordPolicyProblems));
  const hosting = new RelayHostingService({
    loopbackUrl: options.embeddedRelayUrl ?? null,
    ...(options.startRelayListener ? { startListener: options.startRelayListener } : {}),
    ...(options.localAddresses ? { localAddresses: options.localAddresses } : {}),
    effectiveSettings: () => settings.effective(),
    rememberPort: async (port) => void (await settings.update({ localNetworkPort: port })),
    onChange: () => events.emit({ type: 'settings-changed' }),
  });
  policy.onChange(() => void hosting.apply());
  void hosting.apply();
  // The LAN address can change (another network, a new DHCP lease): links must name the current one.
  const addressWatch = setInterval(() => void hosting.apply(), LOCAL_ADDRESS_CHECK_MS);
  addressWatch.unref();
  const identities = new KnownIdentities(options.dataDir, async () => (await keystore.require()).vault, now);
  const recentMeetings = new RecentMeetings(options.dataDir, async () => (await keystore.require()).vault);
  const organisation = new OrganisationStatements({
    dataDir: options.dataDir,
    vault: async () => (await keystore.require()).vault,
    identityKey: async () => (await keystore.require()).keystore.identityPublicKey(),
    trusted: () => policy.trustedOrganisations(),
    now,
  });
  const screenPicker = new ScreenPicker<S>(options.listCaptureSources ?? null, async () => (await settings.effective()).allowScreenShare.value, now);
  const joinLinks = new PendingJoinLinks(() => events.emit({ type: 'join-link' }));
  const ringAnswers = new PendingValue<RingAnswer>(() => events.emit({ type: 'ring-answer' }));
  const paths = dataPaths(options.dataDir);
  const recordingFolders = new RecordingFolders({
    defaultDir: paths.recordings,
    indexFile: paths.recordingFolders,
    setting: async () => (await settings.effective()).recordingFolder,
    onProblem: (message) => console.warn(message),
  });
  const recordings = new RecordingsService({
    folders: recordingFolders,
    vault: async () => (await keystore.require()).vault,
    identityKey: async () => (await keystore.require()).keystore.identityPublicKey(),
    policy: async () => {
      const effective = await settings.effective();
      return { mode: effective.recordingMode.value, retentionDays: effective.retentionDays.value };
    },
    crypto: options.crypto ?? nodeProvider,
    now,
    chooseExportPath: options.chooseRecordingExportPath ?? null,
    sign: async (purpose, payload) => (await keys()).sign(signingInput(purpose, payload)),
  });
  recordings.startRetention();
  const erase = new EraseEverything({
    dataDir: options.dataDir,
    now,
    // Recordings may live outside the data folder (recordingFolder): they go first, while the index still says where.
    beforeErase: () => recordings.eraseAll(),
    afterErase: async () => {
      recordings.close();
      keystore.markErased();
      identities.reset();
      contactBook.reset();
      meetings.reset();
      settings.reset();
      await hosting.apply(); // a LAN relay stops listening with the settings that opened it
      await options.afterErase?.();
    },
  });
  const keys = async () => (await keystore.require()).keystore;
  const contactBook = new ContactBookService({
    dataDir: options.dataDir,
    vault: async () => (await keystore.require()).vault,
    identities,
    provider: options.crypto ?? nodeProvider,
    identityKey: async () => (await keys()).identityPublicKey(),
    sign: async (purpose, payload) => (await keys()).sign(signingInput(purpose, payload)),
    relayUrl: async () => (await hosting.current()).relayUrl,
    now,
  });

  const meetings = new ScheduledMeetingsService({
    dataDir: options.dataDir,
    vault: async () => (await keystore.require()).vault,
    provider: options.crypto ?? nodeProvider,
    identityKey: async () => (await keys()).identityPublicKey(),
    // The relay meetings hosted here live on, as for a meeting started now (the engine's callSettings).
    relayUrl: async () => (await hosting.current()).relayUrl,
    saveFile: options.saveFile ?? null,
    now,
  });

  const privacyReport = async (language: 'en' | 'de') => {
    const [effective, snapshot] = await Promise.all([settings.effective(), policy.current()]);
    const report = buildPrivacyReport({ settings: effective, policy: snapshot, app: appInfo, updateFeedUrl: options.updateFeedUrl?.() ?? null, generatedAt: now() });
    return renderReport(report, language);
  };

  const handlerTable: IpcHandlers = {
    'app:getInfo': async () => ({ ...appInfo }),
    'keystore:getStatus': () => keystore.getStatus(),
    'keystore:unlock': async (passphrase) => {
      const status = await keystore.unlock(passphrase);
      // Retention could not run while the vault was locked.
      if (status.state === 'ready') void recordings.sweep().catch(() => undefined);
      return status;
    },
    'keystore:recover': (choice) => keystore.recover(choice),
    'identity:getPublicPrekeys': async () => (await keys()).publicPrekeys(),
    'identity:dhIdentity': async (remote) => keyOperation(async () => (await keys()).dhIdentity(remote)),
    'identity:dhPrekey': async (ref, remote) => keyOperation(async () => (await keys()).dhPrekey({ kind: ref.kind, id: ref.id }, remote)),
    'identity:kemDecapsulate': async (id, cipherText) => keyOperation(async () => (await keys()).kemDecapsulate(id, cipherText)),
    'identity:commitInit': async (init) =>
      keyOperation(async () => {
        const { ephemeralKey, signedPrekeyId, oneTimePrekeyId } = init;
        await (await keys()).commitInit({ ephemeralKey, signedPrekeyId, ...(oneTimePrekeyId === undefined ? {} : { oneTimePrekeyId }) });
        return null;
      }),
    'identity:sign': async (purpose, payload) => (await keys()).sign(signingInput(purpose, payload)),
    'trust:list': () => identities.list(),
    'trust:meet': (key, displayName) => identities.meet(key, displayName),
    'trust:setVerified': (key, verified, method) => identities.setVerified(key, verified, method),
    'recentMeetings:list': () => recentMeetings.list(),
    'recentMeetings:remember': (link, at) => recentMeetings.remember(link, at),
    'recentMeetings:forget': (link) => recentMeetings.forget(link),
    'recentMeetings:forgetAll': () => recentMeetings.forgetAll(),
    'organisation:get': () => organisation.status(),
    'organisation:import': (text) => organisation.import(text),
    'organisation:remove': () => organisation.remove(),
    'organisation:check': (credential, key, displayName) => organisation.check(credential, key, displayName),
    'settings:getEffective': () => settings.effective(),
    'settings:set': async (changes) => {
      const effective = await settings.update(changes);
      await hosting.apply();
      return effective;
    },
    'policy:getStatus': async () => (await policy.current()).status,
    'hosting:get': () => hosting.current(),
    'screen:listSources': () => screenPicker.list(),
    'screen:chooseSource': async (id) => (screenPicker.choose(id), null),
    'links:takePendingJoin': async () => joinLinks.take(),
    'links:openExternal': (url) => openExternalSafely(url, options.externalLinks ?? null),
    'erase:request': async () => erase.request(),
    'erase:confirm': async (token) => (await erase.confirm(token), null),
    'events:next': () => events.next(),
    'recording:start': (request, participants, consents) => recordings.recorder.start(request, participants, consents),
    'recording:update': (id, participants, consents) => recordings.recorder.update(id, participants, consents),
    'recording:chunk': (id, chunk) => recordings.recorder.appendChunk(id, chunk),
    'recording:stop': (id) => recordings.recorder.stop(id),
    'recording:list': () => recordings.list(),
    'recording:export': (id) => recordings.export(id),
    'recording:exportConsents': (id) => recordings.exportConsents(id),
    'recording:delete': async (id) => (await recordings.delete(id), null),
    'recording:chooseFolder': async () => {
      if (!options.chooseRecordingFolder) throw new IpcRefusal('folder-picker-unavailable', 'Choosing a folder is not available here');
      return options.chooseRecordingFolder();
    },
    'privacy:getReport': async (language) => {
      const { markdown, baseName } = await privacyReport(language);
      return { language, markdown, baseName };
    },
    'privacy:exportReport': async (language, format) => exportReport(await privacyReport(language), format, options.reportExporter ?? null),
    'contactBook:get': () => contactBook.get(),
    'contactBook:myCard': (displayName, reissue) => contactBook.myCard(displayName, reissue),
    'contactBook:add': (link) => contactBook.add(link),
    'contactBook:remove': (contactId) => contactBook.remove(contactId),
    'contactBook:saveTeam': (team) => contactBook.saveTeam(team),
    'contactBook:removeTeam': (teamId) => contactBook.removeTeam(teamId),
    'contactBook:recordCall': (record) => contactBook.recordCall(record),
    'contactBook:setPrefs': (prefs) => contactBook.setPrefs(prefs),
    'notify:call': async (notification) => (options.callNotifier?.notify(notification), null),
    'notify:takeRingAnswer': async () => ringAnswers.take(),
    'diagnostics:reportCallError': async (code) => (await diagnostics.record({ event: 'call-error', code }), null),
    'diagnostics:get': async (language) => {
      const [hostingNow, snapshot, effective, status] = await Promise.all([hosting.current(), policy.current(), settings.effective(), keystore.getStatus()]);
      return diagnosticsText({
        version: options.appVersion,
        platform: options.platform,
        runtime: { electron: process.versions.electron, chrome: process.versions.chrome, node: process.versions.node },
        osRelease: release(),
        arch: arch(),
        hosting: hostingNow,
        policy: snapshot,
        settings: effective,
        keystore: status.state,
        recentErrors: diagnostics.recent(),
        generatedAt: now(),
      }, language);
    },
    'meetings:list': () => meetings.list(),
    'meetings:schedule': (draft) => meetings.schedule(draft),
    'meetings:remove': (id) => meetings.remove(id),
    'meetings:saveCalendarFile': (id, language) => meetings.saveCalendarFile(id, language),
  };
  const handlers = withFailuresRecorded(handlerTable, diagnostics);
  return {
    handlers,
    keystore,
    policy,
    settings,
    identities,
    screenPicker,
    joinLinks,
    recordings,
    contactBook,
    hosting,
    diagnostics,
    meetings,
    ringAnswers,
    startMeeting: () => events.emit({ type: 'start-meeting' }),
    openSettings: () => events.emit({ type: 'open-settings' }),
    close: async () => {
      clearInterval(addressWatch);
      await hosting.close();
      policy.close();
      recordings.close();
      await keystore.getStatus();
    },
  };
}
