// The languages and formats the report comes in (checked in main/ipc/validators.ts).
import type { ReportFormat, ReportLanguage } from '../../protocol/ipc-contract';

export const REPORT_LANGUAGES: readonly ReportLanguage[] = ['en', 'de'];
export const REPORT_FORMATS: readonly ReportFormat[] = ['markdown', 'pdf'];

export function isReportLanguage(value: unknown): value is ReportLanguage {
  return typeof value === 'string' && (REPORT_LANGUAGES as readonly string[]).includes(value);
}

export function isReportFormat(value: unknown): value is ReportFormat {
  return typeof value === 'string' && (REPORT_FORMATS as readonly string[]).includes(value);
}
