import { describe, expect, it } from 'vitest';
import type { AppInfo, PolicyStatus } from '../../protocol/ipc-contract';
import { validatePolicy } from '../policy/schema';
import type { PolicyValues } from '../policy/schema';
import { effectiveSettings } from '../settings/effective';
import { renderReport, reportBlocks } from './report-document';
import { PRIVACY_STATEMENT } from '../../protocol/privacy-statement';
import type { Block } from './report-document';
import { buildPrivacyReport } from './report';
import type { PrivacyReportInput } from './report';
import { REPORT_TEXT } from './report-text';

const APP: AppInfo = { name: 'Parley', version: '1.2.3', platform: 'linux', embeddedRelayUrl: 'ws://127.0.0.1:45123' };
const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);

function input(options: { policy?: unknown; policySource?: string; user?: Parameters<typeof effectiveSettings>[1]; updateFeedUrl?: string | null } = {}): PrivacyReportInput {
  let values: PolicyValues = {};
  let status: PolicyStatus = { source: null, errors: [] };
  if (options.policy !== undefined) {
    const validated = validatePolicy(options.policy);
    values = validated.values;
    status = { source: options.policySource ?? '/etc/parley/policy.json', errors: validated.errors };
  }
  return {
    settings: effectiveSettings(values, options.user ?? {}),
    policy: { values, status },
    app: APP,
    updateFeedUrl: options.updateFeedUrl ?? null,
    generatedAt: NOW,
  };
}

/** The rows of the table that follows the "Policies in force" heading. */
function policyRows(blocks: Block[], language: 'en' | 'de'): string[][] {
  const at = blocks.findIndex((b) => b.kind === 'heading' && b.text === REPORT_TEXT[language].policies);
  const table = blocks.slice(at + 1).find((b): b is Extract<Block, { kind: 'table' }> => b.kind === 'table' || b.kind === 'heading');
  return table?.kind === 'table' ? table.rows : [];
}

describe('privacy report from the effective configuration', () => {
  it('defaults: the embedded relay, no policy, no sub-processors, consent-based recording', () => {
    const report = buildPrivacyReport(input());
    expect(report.relay).toMatchObject({ kind: 'embedded', url: APP.embeddedRelayUrl, source: 'default' });
    expect(report.policy).toEqual({ source: null, inForce: [], errors: [] });
    expect(report.subProcessors).toEqual([]);
    expect(report.recording).toMatchObject({ mode: 'consent-all', retentionDays: 30 });
    expect(report.tasks).toEqual(['record-of-processing', 'inform-participants', 'recording-legal-basis', 'recording-retention', 'employee-representation', 'data-subject-rights', 'device-security', 'manual-updates']);
    expect(report.warnings).toEqual([]);
    const { markdown } = renderReport(report, 'en');
    expect(markdown).toContain(REPORT_TEXT.en.noPolicy);
    expect(markdown).toContain(REPORT_TEXT.en.noSubProcessors);
    expect(markdown).toContain('Generated | 2026-11-27T12:00:00.000Z');
  });

  it('says what the relay and the participants learn in the words of the one statement (Home and the dashboard show the same)', () => {
    const report = buildPrivacyReport(input());
    for (const language of ['en', 'de'] as const) {
      const { markdown, html } = renderReport(report, language);
      for (const sentence of Object.values(PRIVACY_STATEMENT[language])) {
        expect(markdown).toContain(sentence);
        expect(html).toContain(sentence);
      }
    }
  });

  it('lists exactly the policies in force, in both languages, with their values', () => {
    const policy = { relayUrl: 'wss://relay.example.org', recordingMode: 'disabled', retentionDays: 14, allowScreenShare: false };
    const report = buildPrivacyReport(input({ policy }));
    expect(report.policy.inForce).toEqual([
      { key: 'relayUrl', value: 'wss://relay.example.org' },
      { key: 'recordingMode', value: 'disabled' },
      { key: 'retentionDays', value: '14' },
      { key: 'allowScreenShare', value: 'false' },
    ]);
    expect(policyRows(reportBlocks(report, 'en'), 'en')).toEqual([
      ['Relay', 'wss://relay.example.org'],
      ['Recording mode', 'disabled'],
      ['Retention of recordings (days)', '14'],
      ['Screen sharing allowed', 'false'],
    ]);
    expect(policyRows(reportBlocks(report, 'de'), 'de').map((r) => r[0])).toEqual(['Relay', 'Aufnahmemodus', 'Aufbewahrung von Aufnahmen (Tage)', 'Bildschirmfreigabe erlaubt']);
    // Not pinned, so not listed as a policy (they still appear among the call settings).
    const { markdown } = renderReport(report, 'en');
    expect(markdown).not.toContain('| Lobby required |');
    expect(markdown).not.toContain('| Automatic updates | true');
    expect(report.relay).toMatchObject({ kind: 'external', host: 'relay.example.org', source: 'policy' });
    expect(report.subProcessors).toEqual([{ role: 'relay-operator', host: 'relay.example.org' }, { role: 'turn-operator', host: 'relay.example.org' }]);
    expect(report.encryption).toContain('relay-transport-tls');
    expect(report.encryption).not.toContain('recordings-at-rest');
    expect(report.tasks).toContain('relay-agreement');
    expect(report.tasks).not.toContain('recording-legal-basis');
  });

  it('a broken policy: the safest values it enforces are listed as in force, with the errors and a warning', () => {
    const report = buildPrivacyReport(input({ policy: { recordingMode: 'always', requireLobby: true, colour: 'blue' } }));
    expect(report.policy.inForce).toEqual([{ key: 'recordingMode', value: 'disabled' }, { key: 'requireLobby', value: 'true' }]);
    expect(report.policy.errors).toHaveLength(2);
    expect(report.warnings).toContain('policy-errors');
    const { markdown } = renderReport(report, 'de');
    expect(markdown).toContain(REPORT_TEXT.de.policyErrors);
    expect(markdown).toContain('Unknown policy key "colour"');
  });

  it('allowedRelays replaces a relay that is not allowed and is itself a policy in force', () => {
    const report = buildPrivacyReport(input({ policy: { allowedRelays: ['wss://a.example.eu', 'wss://b.example.eu'] }, user: { relayUrl: 'wss://other.example.com' } }));
    expect(report.policy.inForce).toEqual([{ key: 'allowedRelays', value: 'wss://a.example.eu, wss://b.example.eu' }]);
    expect(report.relay).toMatchObject({ url: 'wss://a.example.eu', source: 'policy', allowedRelays: ['wss://a.example.eu', 'wss://b.example.eu'] });
  });

  it('a user-chosen ws:// relay on the network is flagged; a loopback one is not', () => {
    const plain = buildPrivacyReport(input({ user: { relayUrl: 'ws://relay.lan:8443' } }));
    expect(plain.warnings).toContain('relay-plain-transport');
    expect(plain.encryption).toContain('relay-transport-plain');
    expect(plain.relay.source).toBe('user');
    const loopback = buildPrivacyReport(input({ user: { relayUrl: 'ws://127.0.0.1:9000' } }));
    expect(loopback.warnings).not.toContain('relay-plain-transport');
    expect(loopback.subProcessors).toEqual([]);
  });

  it('recording in notify mode warns that nobody consents', () => {
    const report = buildPrivacyReport(input({ user: { recordingMode: 'notify' } }));
    expect(report.warnings).toEqual(['recording-without-consent']);
    expect(report.encryption).toContain('recordings-at-rest');
  });

  it('states whether calls are always relayed, and who decided it, in both languages', () => {
    const callRow = (markdown: string, label: string) => markdown.split('\n').find((row) => row.startsWith(`| ${label} |`));
    const off = buildPrivacyReport(input());
    expect(off.relayCalls).toEqual({ always: false, source: 'default' });
    expect(callRow(renderReport(off, 'en').markdown, REPORT_TEXT.en.relayCalls)).toBe(`| Always relay calls | ${REPORT_TEXT.en.relayCallsDirect} | default |`);

    const chosen = buildPrivacyReport(input({ user: { alwaysRelayCalls: true } }));
    expect(chosen.relayCalls).toEqual({ always: true, source: 'user' });
    expect(chosen.policy.inForce).toEqual([]);
    expect(callRow(renderReport(chosen, 'de').markdown, REPORT_TEXT.de.relayCalls)).toBe(`| Anrufe immer weiterleiten | ${REPORT_TEXT.de.relayCallsAlways} | Benutzer |`);

    // A policy wins over the user's choice and is listed among the policies in force.
    const pinned = buildPrivacyReport(input({ policy: { alwaysRelayCalls: true }, user: { alwaysRelayCalls: false } }));
    expect(pinned.relayCalls).toEqual({ always: true, source: 'policy' });
    expect(pinned.policy.inForce).toEqual([{ key: 'alwaysRelayCalls', value: 'true' }]);
    const markdown = renderReport(pinned, 'en').markdown;
    expect(callRow(markdown, REPORT_TEXT.en.relayCalls)).toBe(`| Always relay calls | ${REPORT_TEXT.en.relayCallsAlways} | organisation policy |`);
    expect(policyRows(reportBlocks(pinned, 'en'), 'en')).toEqual([['Calls always relayed (IP addresses hidden from participants)', 'true']]);
  });

  it('the update server is a recipient only when the running app polls a feed', () => {
    const on = buildPrivacyReport(input({ updateFeedUrl: 'https://updates.example.org/parley/' }));
    expect(on.subProcessors).toEqual([{ role: 'update-server', host: 'updates.example.org' }]);
    expect(on.tasks).not.toContain('manual-updates');
    expect(renderReport(on, 'en').markdown).toContain('Parley checks updates.example.org every 6 hours');
    // The setting is on, but this build does not update itself (development, Linux, per-machine).
    const notHere = buildPrivacyReport(input());
    expect(notHere.updates).toEqual({ setting: true, source: 'default', feedUrl: null });
    expect(notHere.subProcessors).toEqual([]);
    expect(notHere.tasks).toContain('manual-updates');
    expect(renderReport(notHere, 'en').markdown).toContain(REPORT_TEXT.en.updatesNotHere);
    const off = buildPrivacyReport(input({ policy: { autoUpdate: false } }));
    expect(off.updates).toEqual({ setting: false, source: 'policy', feedUrl: null });
    expect(off.tasks).toContain('manual-updates');
    expect(renderReport(off, 'en').markdown).toContain(REPORT_TEXT.en.updatesOff);
  });

  it('HTML output escapes configuration text and loads nothing', () => {
    const report = buildPrivacyReport(input({ policy: { '<img src=x onerror=alert(1)>': 1 }, policySource: '/etc/parley/<policy>.json' }));
    const { html } = renderReport(report, 'en');
    expect(html).not.toContain('<img');
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html).not.toMatch(/<script|<link|src=["']http|url\(/i);
  });
});

describe('both languages are complete', () => {
  function leaves(value: unknown, prefix = ''): Array<[string, string]> {
    if (typeof value === 'string') return [[prefix, value]];
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
  }
  // Words that are the same in both languages.
  const SAME = new Set(['Installation', 'Version', 'Relay', 'Updates', '{days} days']);

  it('every English text has a German one, and German is not left in English', () => {
    const en = new Map(leaves(REPORT_TEXT.en));
    const de = new Map(leaves(REPORT_TEXT.de));
    expect([...de.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [key, text] of de) {
      expect(text.trim(), key).not.toBe('');
      if (!SAME.has(en.get(key)!)) expect(text, key).not.toBe(en.get(key));
      expect([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]), key).toEqual([...en.get(key)!.matchAll(/\{(\w+)\}/g)].map((m) => m[1]));
    }
  });

  it('the German report uses no English heading or sentence', () => {
    const report = buildPrivacyReport(input({ policy: { relayUrl: 'wss://relay.example.org', recordingMode: 'notify' }, updateFeedUrl: 'https://u.example.org/' }));
    const { markdown } = renderReport(report, 'de');
    for (const [, english] of leaves(REPORT_TEXT.en)) {
      if (english.length > 12 && !english.includes('{')) expect(markdown).not.toContain(english);
    }
    expect(markdown).not.toMatch(/\{\w+\}/);
  });
});
