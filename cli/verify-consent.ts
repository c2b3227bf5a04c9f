// parley-verify-consent: checks a recording's consent receipts file (PROTOCOL.md §12.5) offline,
// for a data-protection officer (docs/DPO.md). Exit code 0: valid; 1: the file does not prove
// consent (the report says why); 2: the file cannot be read or is not a consent file.
import { readFile } from 'node:fs/promises';
import { nobleProvider } from '../protocol/crypto/noble-provider';
import { ConsentExportError, verifyConsentExport } from '../protocol/recording/consent-export';
import type { ConsentExportReport } from '../protocol/recording/consent-export';

const USAGE = `Usage: parley-verify-consent <consent-receipts.json>

Checks a Parley recording's consent receipts file offline: the recorder's signature over the
whole file, each participant's signed consent (recording, meeting, recorder, retention, mode),
and that everyone present consented where the recording needed it.
Exit code 0 when the file proves consent, 1 when it does not, 2 when it cannot be read.`;

const when = (ms: number | null) => (ms === null ? 'not recorded (cut off)' : new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC'));

export function formatReport(report: ConsentExportReport): string {
  const r = report.recording;
  const lines = [
    `Recording ${r.id}`,
    `  recorder (identity key)  ${r.recorder}`,
    `  meeting (room id)        ${r.roomId}`,
    `  mode                     ${r.mode === 'consent-all' ? 'consent-all (every participant must consent)' : 'notify (participants are told)'}`,
    `  retention                ${r.retentionDays} days, deleted by ${when(r.expiresAt)}`,
    `  requested / started / ended  ${when(r.requestedAt)} / ${when(r.startedAt)} / ${when(r.endedAt)}`,
    `  exported                 ${when(report.exportedAt)}`,
    `Recorder's signature over this file: ${report.recorderSignatureValid ? 'valid (unchanged since export)' : 'INVALID (the file was changed, or not signed by this recorder)'}`,
    `Consents (${report.consents.length}):`,
    ...report.consents.map(({ consenter, verdict }) => (verdict.ok ? `  valid    ${consenter}  signed ${when(verdict.consentedAt)}` : `  INVALID  ${consenter || '(unreadable)'}  ${verdict.problem}: ${verdict.detail}`)),
  ];
  if (report.withoutConsent.length > 0) {
    lines.push(`Present without a valid consent (${report.withoutConsent.length})${r.mode === 'notify' ? ', allowed under notify' : ''}:`, ...report.withoutConsent.map((key) => `  ${key}`));
  }
  for (const pause of report.pauses) lines.push(`Paused ${when(pause.at)} until ${pause.resumedAt === null ? 'the end' : when(pause.resumedAt)}, waiting for ${pause.waitingFor.join(', ')}`);
  lines.push(report.valid ? 'RESULT: valid: this file proves the consent the recording needed.' : 'RESULT: NOT valid: see the lines marked INVALID above.');
  return lines.join('\n');
}

export async function main(args: string[]): Promise<number> {
  if (args.length !== 1 || args[0] === '--help' || args[0] === '-h') {
    console.log(USAGE);
    return args[0] === '--help' || args[0] === '-h' ? 0 : 2;
  }
  let text: string;
  try {
    text = await readFile(args[0]!, 'utf8');
  } catch (error) {
    console.error(`parley-verify-consent: cannot read ${args[0]}: ${(error as Error).message}`);
    return 2;
  }
  try {
    const report = await verifyConsentExport(nobleProvider, text);
    console.log(formatReport(report));
    return report.valid ? 0 : 1;
  } catch (error) {
    if (!(error instanceof ConsentExportError)) throw error;
    console.error(`parley-verify-consent: ${error.message}`);
    return 2;
  }
}
