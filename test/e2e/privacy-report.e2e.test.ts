// The data-protection report end to end: an organisation's policy (fixture) reaches main, the
// Privacy screen shows the report main builds, and the report page prints to PDF in Chromium
// (page.pdf, the same engine as Electron's printToPDF) in English and German without loading
// anything.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PolicyReader } from '../../main/policy/reader';
import { renderReport } from '../../main/privacy/report-document';
import { buildPrivacyReport } from '../../main/privacy/report';
import { REPORT_TEXT } from '../../main/privacy/report-text';
import { en as messagesEn } from '../../renderer/i18n/messages.en';
import { runAxe, seriousViolations } from '../harness/axe';
import { startHarness } from '../harness/harness';
import type { Harness } from '../harness/harness';

/** The printed reports are kept for people to look at (test-artifacts/ is not committed). */
const ARTIFACTS = path.resolve(import.meta.dirname, '..', '..', 'test-artifacts', 'privacy-report');

const POLICY = { relayUrl: 'wss://relay.example.org', recordingMode: 'consent-all', retentionDays: 14, requireLobby: true };
const FIXTURE_POLICY: PolicyReader = {
  read: async () => ({ kind: 'found', source: '/etc/parley/policy.json', raw: POLICY }),
  watch: () => () => {},
};

let harness: Harness;
let page: Page;

beforeAll(async () => {
  harness = await startHarness({ participants: 1, policyFor: () => FIXTURE_POLICY });
  page = harness.pages[0]!.page;
  await page.goto(`${harness.origin}/index.html`);
});

afterAll(async () => {
  await harness?.close();
});

/** The first column of the table under the "Policies in force" heading of a Markdown report. */
function policyNames(markdown: string, language: 'en' | 'de'): string[] {
  const section = markdown.split(`## ${REPORT_TEXT[language].policies}\n`)[1]!.split('\n## ')[0]!;
  return section
    .split('\n')
    .filter((line) => line.startsWith('| '))
    .slice(2)
    .map((line) => line.split(' | ')[0]!.slice(2));
}

describe('report for the data-protection officer', () => {
  it('the Privacy screen shows the report main builds from the policy in force', async () => {
    await page.getByRole('button', { name: messagesEn['nav.privacy'], exact: true }).click();
    await page.getByRole('button', { name: messagesEn['privacy.reportShow'], exact: true }).click();
    const shown = (await page.getByLabel(messagesEn['privacy.reportLabel'], { exact: true }).textContent()) ?? '';
    expect(shown.startsWith(`# ${REPORT_TEXT.en.title}`)).toBe(true);
    expect(policyNames(shown, 'en')).toEqual(['Relay', 'Recording mode', 'Retention of recordings (days)', 'Lobby required']);
    expect(shown).toContain('| Relay | wss://relay.example.org |');
    expect(shown).toContain('Policy source: /etc/parley/policy.json');
    expect(shown).toContain('relay.example.org: Relay operator');
    expect(seriousViolations(await runAxe(page))).toEqual([]);
    // Saving needs Electron's dialog and printToPDF; the harness has neither and says so.
    await page.getByRole('button', { name: messagesEn['privacy.reportSavePdf'], exact: true }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: messagesEn['privacy.reportFailed'] }).count()).toBe(1);
    expect(harness.pages[0]!.ipcLog.filter((r) => String(r.channel).startsWith('privacy:')).map((r) => [r.channel, r.args])).toEqual([
      ['privacy:getReport', ['en']],
      ['privacy:exportReport', ['en', 'pdf']],
    ]);
  });

  it.each(['en', 'de'] as const)('prints to PDF in %s, complete and without loading anything', async (language) => {
    const { services } = harness.pages[0]!;
    const snapshot = await services.policy.current();
    const report = buildPrivacyReport({
      settings: await services.settings.effective(),
      policy: snapshot,
      app: await services.handlers['app:getInfo'](),
      updateFeedUrl: null,
      generatedAt: Date.UTC(2026, 10, 27),
    });
    const rendered = renderReport(report, language);
    expect(policyNames(rendered.markdown, language)).toHaveLength(Object.keys(POLICY).length);

    const printPage = await page.context().newPage();
    const requests: string[] = [];
    printPage.on('request', (request) => requests.push(request.url()));
    await printPage.setContent(rendered.html, { waitUntil: 'load' });
    const text = REPORT_TEXT[language];
    expect(await printPage.locator('html').getAttribute('lang')).toBe(language);
    expect(await printPage.locator('h2').allTextContents()).toEqual([
      text.relay, text.policies, text.callSettings, text.encryption, text.subProcessors, text.inventory, text.tasks,
    ]);
    expect(await printPage.locator('li strong').allTextContents()).toEqual(report.tasks.map((task) => `${text.task[task].title}.`));
    const pdf = await printPage.pdf({ format: 'A4', printBackground: true });
    expect(requests).toEqual([]);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-8).toString('latin1')).toContain('%%EOF');
    expect(pdf.length).toBeGreaterThan(20_000);
    await mkdir(ARTIFACTS, { recursive: true });
    await writeFile(path.join(ARTIFACTS, `${rendered.baseName}.pdf`), pdf);
    await writeFile(path.join(ARTIFACTS, `${rendered.baseName}.md`), rendered.markdown);
    await printPage.close();
  });
});
