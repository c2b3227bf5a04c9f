// Main's part of "Copy diagnostics" (Settings → Help desk): what a help desk asks first —
// versions, operating system, the relay meetings hosted here use, the policy in force and this
// session's recent error codes. The renderer adds its connection check (relay reachability,
// STUN and TURN, which need WebRTC) and puts the text on the clipboard; nothing is sent anywhere.
// The person sees the text before pasting it. A local-network relay's address (this computer's
// LAN address) is left out.
import type { EffectiveSettings, KeystoreStatus, RelayHosting, ReportLanguage } from '../../protocol/ipc-contract';
import type { PolicySnapshot } from '../policy/policy-service';
import type { DiagnosticEntry } from './diagnostics-log';

export interface DiagnosticsInput {
  version: string;
  platform: string;
  /** process.versions' electron, chrome, node (what exists). */
  runtime: Readonly<Record<string, string | undefined>>;
  osRelease: string;
  arch: string;
  hosting: RelayHosting;
  policy: PolicySnapshot;
  settings: EffectiveSettings;
  keystore: KeystoreStatus['state'];
  recentErrors: readonly DiagnosticEntry[];
  generatedAt: number;
}

const LABELS = {
  en: {
    title: 'Parley diagnostics',
    generated: 'Generated',
    version: 'Version',
    system: 'System',
    keystore: 'Keystore',
    reach: 'Meetings hosted here',
    relay: 'Relay',
    relayHidden: "this computer's local network address (not shown)",
    none: 'none',
    reachable: 'reachable by others',
    notReachable: 'only on this computer',
    policy: 'Policy',
    noPolicy: 'none set',
    policyProblems: 'Policy problems',
    settings: 'Settings',
    log: 'Diagnostics log',
    on: 'on',
    off: 'off',
    errors: 'Recent errors (this session)',
    noErrors: 'none',
  },
  de: {
    title: 'Parley-Diagnose',
    generated: 'Erstellt',
    version: 'Version',
    system: 'System',
    keystore: 'Schlüsselspeicher',
    reach: 'Hier geleitete Meetings',
    relay: 'Relay',
    relayHidden: 'Adresse dieses Computers im lokalen Netzwerk (nicht angezeigt)',
    none: 'keines',
    reachable: 'für andere erreichbar',
    notReachable: 'nur auf diesem Computer',
    policy: 'Richtlinie',
    noPolicy: 'keine gesetzt',
    policyProblems: 'Probleme in der Richtlinie',
    settings: 'Einstellungen',
    log: 'Diagnoseprotokoll',
    on: 'an',
    off: 'aus',
    errors: 'Letzte Fehler (diese Sitzung)',
    noErrors: 'keine',
  },
} as const satisfies Record<ReportLanguage, Record<string, string>>;

/** The settings a help desk needs to read a problem (no display name, no folders). */
const SHOWN_SETTINGS = ['alwaysRelayCalls', 'hostOnLocalNetwork', 'requireLobby', 'allowScreenShare', 'recordingMode', 'autoUpdate', 'keepRunningInTray', 'openAtLogin', 'diagnosticsLog'] as const;

function errorLine(entry: DiagnosticEntry): string {
  if (entry.event === 'ipc-failure') return `${entry.at} ${entry.channel} ${entry.code}`;
  if (entry.event === 'call-error') return `${entry.at} call ${entry.code}`;
  return `${entry.at} ${entry.event}`;
}

export function diagnosticsText(input: DiagnosticsInput, language: ReportLanguage): string {
  const l = LABELS[language];
  const runtime = ['electron', 'chrome', 'node'].flatMap((name) => (input.runtime[name] ? [`${name} ${input.runtime[name]}`] : [])).join(', ');
  const relay = input.hosting.reach === 'local-network' ? l.relayHidden : input.hosting.relayUrl ?? l.none;
  const policyValues = Object.entries(input.policy.values).map(([key, value]) => `  ${key} = ${JSON.stringify(value)}`);
  const settings = SHOWN_SETTINGS.map((key) => `  ${key} = ${JSON.stringify(input.settings[key].value)} (${input.settings[key].source})`);
  return [
    `${l.title}`,
    `${l.generated}: ${new Date(input.generatedAt).toISOString()}`,
    `${l.version}: Parley ${input.version}${runtime ? ` (${runtime})` : ''}`,
    `${l.system}: ${input.platform} ${input.osRelease} ${input.arch}`,
    `${l.keystore}: ${input.keystore}`,
    `${l.reach}: ${input.hosting.reach}, ${input.hosting.reachableByOthers ? l.reachable : l.notReachable}${input.hosting.localNetworkProblem ? `, ${input.hosting.localNetworkProblem}` : ''}`,
    `${l.relay}: ${relay}`,
    `${l.policy}: ${input.policy.status.source ?? l.noPolicy}`,
    ...policyValues,
    ...(input.policy.status.errors.length > 0 ? [`${l.policyProblems}: ${input.policy.status.errors.length}`, ...input.policy.status.errors.map((e) => `  ${e}`)] : []),
    `${l.settings}:`,
    ...settings,
    `${l.log}: ${input.settings.diagnosticsLog.value ? l.on : l.off}`,
    `${l.errors}:${input.recentErrors.length === 0 ? ` ${l.noErrors}` : ''}`,
    ...input.recentErrors.map((entry) => `  ${errorLine(entry)}`),
    '',
  ].join('\n');
}
