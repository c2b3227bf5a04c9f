// The data-protection report ("Report for your data-protection officer"): what this installation
// of Parley processes and with whom, derived purely from its effective configuration. No I/O:
// input is the effective settings, the policy snapshot, app info and the update feed; output is
// a structured report that report-document.ts turns into Markdown, HTML and (through Chromium's
// printToPDF) PDF, in English and German.
import type { AppInfo, EffectiveSettings, PolicyStatus, RecordingMode, SettingsValues } from '../../protocol/ipc-contract';
import type { PolicyKey, PolicyValues } from '../policy/schema';
import { POLICY_FIELDS } from '../policy/schema';
import type { DataItem } from './inventory';
import { DATA_INVENTORY } from './inventory';

export interface PrivacyReportInput {
  settings: EffectiveSettings;
  policy: { values: PolicyValues; status: PolicyStatus };
  app: AppInfo;
  /** The update feed this running app polls, or null when it does not update itself (decided at start-up). */
  updateFeedUrl: string | null;
  generatedAt: number;
}

export type SettingSource = 'policy' | 'user' | 'default';

export type RelayKind =
  /** The relay inside the app, on 127.0.0.1: only calls among windows on this machine. */
  | 'embedded'
  /** A relay on another host (self-hosted by the organisation, or someone else's). */
  | 'external'
  | 'none';

export type EncryptionProperty =
  | 'signaling-e2ee'
  | 'media-e2ee'
  | 'post-quantum-handshake'
  | 'forward-secrecy'
  | 'relay-blind'
  | 'keys-at-rest'
  | 'recordings-at-rest'
  | 'relay-transport-tls'
  | 'relay-transport-plain';

export type SubProcessorRole = 'relay-operator' | 'turn-operator' | 'update-server';

export type OrganisationTask =
  | 'record-of-processing'
  | 'inform-participants'
  | 'relay-agreement'
  | 'relay-hardening'
  | 'recording-legal-basis'
  | 'recording-retention'
  | 'employee-representation'
  | 'data-subject-rights'
  | 'device-security'
  | 'manual-updates';

export type ReportWarning = 'no-relay' | 'relay-plain-transport' | 'policy-errors' | 'recording-without-consent';

export interface PolicyInForce {
  key: PolicyKey;
  /** The value as written (lists joined with ", "). */
  value: string;
}

export interface PrivacyReport {
  generatedAt: string;
  app: { name: string; version: string; platform: string };
  relay: {
    kind: RelayKind;
    url: string | null;
    host: string | null;
    source: SettingSource;
    allowedRelays: readonly string[] | null;
  };
  policy: { source: string | null; inForce: readonly PolicyInForce[]; errors: readonly string[] };
  recording: { mode: RecordingMode; retentionDays: number; modeSource: SettingSource; retentionSource: SettingSource };
  lobby: { required: boolean; source: SettingSource };
  screenShare: { allowed: boolean; source: SettingSource };
  /** always: media only through the relay's TURN server, so participants never see this device's IP addresses. */
  relayCalls: { always: boolean; source: SettingSource };
  /** setting: the autoUpdate setting; feedUrl: what the running app really polls (null: nothing). */
  updates: { setting: boolean; source: SettingSource; feedUrl: string | null };
  encryption: readonly EncryptionProperty[];
  subProcessors: readonly { role: SubProcessorRole; host: string }[];
  inventory: readonly DataItem[];
  tasks: readonly OrganisationTask[];
  warnings: readonly ReportWarning[];
}

function formatPolicyValue(value: SettingsValues[PolicyKey]): string {
  return Array.isArray(value) ? value.join(', ') : String(value);
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

function isLoopbackHost(host: string): boolean {
  const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return name === 'localhost' || name === '::1' || /^127\./.test(name);
}

export function buildPrivacyReport(input: PrivacyReportInput): PrivacyReport {
  const { settings, policy, app } = input;
  const relayUrl = settings.relayUrl.value ?? app.embeddedRelayUrl;
  const relayKind: RelayKind = relayUrl === null ? 'none' : relayUrl === app.embeddedRelayUrl ? 'embedded' : 'external';
  const relayHost = relayUrl === null ? null : hostOf(relayUrl);
  const plainTransport = relayUrl !== null && relayUrl.startsWith('ws:') && !(relayHost !== null && isLoopbackHost(relayHost));

  const inForce = POLICY_FIELDS.filter((field) => Object.hasOwn(policy.values, field.key)).map((field) => ({
    key: field.key,
    value: formatPolicyValue(policy.values[field.key]!),
  }));

  const recordingMode = settings.recordingMode.value;
  const updateHost = input.updateFeedUrl === null ? null : hostOf(input.updateFeedUrl);

  const encryption: EncryptionProperty[] = ['signaling-e2ee', 'media-e2ee', 'post-quantum-handshake', 'forward-secrecy', 'relay-blind', 'keys-at-rest'];
  if (recordingMode !== 'disabled') encryption.push('recordings-at-rest');
  if (relayKind === 'external') encryption.push(plainTransport ? 'relay-transport-plain' : 'relay-transport-tls');

  const subProcessors: { role: SubProcessorRole; host: string }[] = [];
  if (relayKind === 'external' && relayHost !== null && !isLoopbackHost(relayHost)) {
    subProcessors.push({ role: 'relay-operator', host: relayHost }, { role: 'turn-operator', host: relayHost });
  }
  if (updateHost !== null) subProcessors.push({ role: 'update-server', host: updateHost });

  const tasks: OrganisationTask[] = ['record-of-processing', 'inform-participants'];
  if (subProcessors.some((s) => s.role === 'relay-operator')) tasks.push('relay-agreement', 'relay-hardening');
  if (recordingMode !== 'disabled') tasks.push('recording-legal-basis', 'recording-retention');
  tasks.push('employee-representation', 'data-subject-rights', 'device-security');
  if (updateHost === null) tasks.push('manual-updates');

  const warnings: ReportWarning[] = [];
  if (relayKind === 'none') warnings.push('no-relay');
  if (plainTransport) warnings.push('relay-plain-transport');
  if (policy.status.errors.length > 0) warnings.push('policy-errors');
  if (recordingMode === 'notify') warnings.push('recording-without-consent');

  return {
    generatedAt: new Date(input.generatedAt).toISOString(),
    app: { name: app.name, version: app.version, platform: app.platform },
    relay: { kind: relayKind, url: relayUrl, host: relayHost, source: settings.relayUrl.value === null ? 'default' : settings.relayUrl.source, allowedRelays: settings.allowedRelays.value },
    policy: { source: policy.status.source, inForce, errors: [...policy.status.errors] },
    recording: { mode: recordingMode, retentionDays: settings.retentionDays.value, modeSource: settings.recordingMode.source, retentionSource: settings.retentionDays.source },
    lobby: { required: settings.requireLobby.value, source: settings.requireLobby.source },
    screenShare: { allowed: settings.allowScreenShare.value, source: settings.allowScreenShare.source },
    relayCalls: { always: settings.alwaysRelayCalls.value, source: settings.alwaysRelayCalls.source },
    updates: { setting: settings.autoUpdate.value, source: settings.autoUpdate.source, feedUrl: updateHost === null ? null : input.updateFeedUrl },
    encryption,
    subProcessors,
    inventory: DATA_INVENTORY,
    tasks,
    warnings,
  };
}
