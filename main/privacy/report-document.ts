// Lays the structured report out as a document (headings, paragraphs, lists, tables) in one
// language, then writes that document as Markdown or as a self-contained HTML page (for
// printToPDF / page.pdf). Both outputs come from the same blocks, so they say the same thing.
import { PRIVACY_STATEMENT } from '../../protocol/privacy-statement';
import type { DataItem, ReportLanguage } from './inventory';
import type { PrivacyReport } from './report';
import type { ReportText } from './report-text';
import { REPORT_TEXT } from './report-text';

export type Block =
  | { kind: 'heading'; level: 1 | 2; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; header: string[]; rows: string[][] };

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? String(values[name]) : whole));
}

export function locationText(item: DataItem, text: ReportText): string {
  const location = item.location;
  const template = text.location[location.kind];
  if (location.kind === 'data-folder') return fill(template, { path: location.path });
  if (location.kind === 'renderer-storage') return fill(template, { key: location.key });
  return template;
}

/** The inventory as a table (also the table in docs/PRIVACY.md, in English). */
export function inventoryTable(items: readonly DataItem[], language: ReportLanguage): Block {
  const text = REPORT_TEXT[language];
  return {
    kind: 'table',
    header: [text.colDatum, text.colWhere, text.colReaders, text.colRetention, text.colDeletion],
    rows: items.map((item) => [
      `${text.holder[item.holder]}: ${item.datum[language]}`,
      locationText(item, text),
      item.readers[language],
      item.retention[language],
      item.deletion[language],
    ]),
  };
}

export function reportBlocks(report: PrivacyReport, language: ReportLanguage): Block[] {
  const text = REPORT_TEXT[language];
  const yesNo = (value: boolean) => (value ? text.yes : text.no);
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: text.title },
    { kind: 'paragraph', text: text.intro },
    { kind: 'paragraph', text: text.notLegalAdvice },
    {
      kind: 'table',
      header: [text.installation, ''],
      rows: [
        [text.generatedAt, report.generatedAt],
        [text.version, `${report.app.name} ${report.app.version}`],
        [text.platform, report.app.platform],
      ],
    },
  ];

  if (report.warnings.length > 0) {
    blocks.push({ kind: 'heading', level: 2, text: text.warnings }, { kind: 'list', items: report.warnings.map((w) => text.warning[w]) });
  }

  blocks.push(
    { kind: 'heading', level: 2, text: text.relay },
    { kind: 'paragraph', text: fill(text.relayKind[report.relay.kind], { host: report.relay.host ?? '' }) },
  );
  const relayRows: string[][] = [];
  if (report.relay.url !== null) relayRows.push([text.relayAddress, report.relay.url]);
  relayRows.push([text.relaySetBy, text.source[report.relay.source]]);
  relayRows.push([text.allowedRelays, report.relay.allowedRelays ? report.relay.allowedRelays.join(', ') : text.anyRelay]);
  blocks.push({ kind: 'table', header: [text.colSetting, text.colValue], rows: relayRows }, { kind: 'paragraph', text: PRIVACY_STATEMENT[language].relay }, { kind: 'paragraph', text: PRIVACY_STATEMENT[language].participants });

  blocks.push({ kind: 'heading', level: 2, text: text.policies });
  if (report.policy.source === null) {
    blocks.push({ kind: 'paragraph', text: text.noPolicy });
  } else {
    blocks.push({ kind: 'paragraph', text: `${text.policySource}: ${report.policy.source}` });
    blocks.push(
      report.policy.inForce.length === 0
        ? { kind: 'paragraph', text: text.noPolicyInForce }
        : { kind: 'table', header: [text.colSetting, text.colValue], rows: report.policy.inForce.map((p) => [text.policyKey[p.key], p.value]) },
    );
    if (report.policy.errors.length > 0) {
      blocks.push({ kind: 'paragraph', text: text.policyErrors }, { kind: 'list', items: [...report.policy.errors] });
    }
  }

  blocks.push(
    { kind: 'heading', level: 2, text: text.callSettings },
    {
      kind: 'table',
      header: [text.colSetting, text.colValue, text.colSetBy],
      rows: [
        [text.recordingMode, text.recordingModeValue[report.recording.mode], text.source[report.recording.modeSource]],
        [text.retention, fill(text.days, { days: report.recording.retentionDays }), text.source[report.recording.retentionSource]],
        [text.lobby, yesNo(report.lobby.required), text.source[report.lobby.source]],
        [text.screenShare, yesNo(report.screenShare.allowed), text.source[report.screenShare.source]],
        [text.relayCalls, report.relayCalls.always ? text.relayCallsAlways : text.relayCallsDirect, text.source[report.relayCalls.source]],
        [
          text.autoUpdate,
          report.updates.feedUrl !== null
            ? fill(text.updatesOnFeed, { host: new URL(report.updates.feedUrl).host })
            : report.updates.setting
              ? text.updatesNotHere
              : text.updatesOff,
          text.source[report.updates.source],
        ],
      ],
    },
    { kind: 'heading', level: 2, text: text.encryption },
    { kind: 'list', items: report.encryption.map((e) => text.encryptionProperty[e]) },
    { kind: 'heading', level: 2, text: text.subProcessors },
    report.subProcessors.length === 0
      ? { kind: 'paragraph', text: text.noSubProcessors }
      : { kind: 'list', items: report.subProcessors.map((s) => `${s.host}: ${text.subProcessorRole[s.role]}`) },
    { kind: 'paragraph', text: text.telemetry },
    { kind: 'heading', level: 2, text: text.inventory },
    { kind: 'paragraph', text: text.inventoryIntro },
    inventoryTable(report.inventory, language),
    { kind: 'heading', level: 2, text: text.tasks },
    { kind: 'paragraph', text: text.tasksIntro },
    { kind: 'list', items: report.tasks.map((t) => `**${text.task[t].title}.** ${text.task[t].body}`) },
  );
  return blocks;
}

// ---- Markdown ----

function markdownCell(value: string): string {
  return value.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

export function blocksToMarkdown(blocks: readonly Block[]): string {
  const parts = blocks.map((block) => {
    switch (block.kind) {
      case 'heading':
        return `${'#'.repeat(block.level)} ${block.text}`;
      case 'paragraph':
        return block.text;
      case 'list':
        return block.items.map((item) => `- ${item}`).join('\n');
      case 'table': {
        const row = (cells: readonly string[]) => `| ${cells.map(markdownCell).join(' | ')} |`;
        return [row(block.header), row(block.header.map(() => '---')), ...block.rows.map(row)].join('\n');
      }
    }
  });
  return `${parts.join('\n\n')}\n`;
}

// ---- HTML ----

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Escaped text with the one inline mark the blocks use: **bold**. */
function inlineHtml(value: string): string {
  return escapeHtml(value).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>');
}

/** Nothing may load: the page is printed as it is, with no network access and no script. */
export const REPORT_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'";

const REPORT_CSS = [
  'body { font: 10.5pt/1.45 system-ui, sans-serif; color: #111; margin: 0; }',
  'h1 { font-size: 17pt; margin: 0 0 8pt; }',
  'h2 { font-size: 13pt; margin: 16pt 0 6pt; border-bottom: 1px solid #999; break-after: avoid; }',
  'table { border-collapse: collapse; width: 100%; margin: 6pt 0; }',
  'th, td { border: 1px solid #999; padding: 3pt 5pt; text-align: left; vertical-align: top; }',
  'th { background: #eee; }',
  'tr { break-inside: avoid; }',
  '@page { size: A4; margin: 18mm 16mm; }',
].join('\n');

export function blocksToHtml(blocks: readonly Block[], language: ReportLanguage): string {
  const title = blocks.find((b): b is Extract<Block, { kind: 'heading' }> => b.kind === 'heading')?.text ?? '';
  const body = blocks.map((block) => {
    switch (block.kind) {
      case 'heading':
        return `<h${block.level}>${inlineHtml(block.text)}</h${block.level}>`;
      case 'paragraph':
        return `<p>${inlineHtml(block.text)}</p>`;
      case 'list':
        return `<ul>${block.items.map((item) => `<li>${inlineHtml(item)}</li>`).join('')}</ul>`;
      case 'table': {
        const head = block.header.some((h) => h !== '') ? `<thead><tr>${block.header.map((h) => `<th scope="col">${inlineHtml(h)}</th>`).join('')}</tr></thead>` : '';
        const rows = block.rows.map((cells) => `<tr>${cells.map((c) => `<td>${inlineHtml(c)}</td>`).join('')}</tr>`).join('');
        return `<table>${head}<tbody>${rows}</tbody></table>`;
      }
    }
  });
  return [
    '<!doctype html>',
    `<html lang="${language}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${REPORT_PAGE_CSP}">`,
    `<title>${escapeHtml(title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

export interface RenderedReport {
  language: ReportLanguage;
  markdown: string;
  html: string;
  /** Suggested file name without extension, e.g. "parley-privacy-report-2026-11-27". */
  baseName: string;
}

export function renderReport(report: PrivacyReport, language: ReportLanguage): RenderedReport {
  const blocks = reportBlocks(report, language);
  return {
    language,
    markdown: blocksToMarkdown(blocks),
    html: blocksToHtml(blocks, language),
    baseName: `parley-privacy-report-${report.generatedAt.slice(0, 10)}-${language}`,
  };
}
