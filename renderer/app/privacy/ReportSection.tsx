// "Report for your data-protection officer": main builds it from the effective settings and the
// organisation's policy (main/privacy); here it is shown and saved as PDF or Markdown.
import { useState } from 'react';
import type { PrivacyReportText, ReportFormat } from '../../../protocol/ipc-contract';
import { useT } from '../../i18n/use-t';
import { parleyApi } from '../../parley-api';
import { useLanguage } from '../settings-store';

type SaveState = 'idle' | 'saving' | 'saved' | 'failed';

/** Set through the DOM (CSSOM), which the CSP's style-src 'self' allows, unlike a style attribute in markup. */
const REPORT_STYLE = { maxHeight: '24rem', overflow: 'auto' } as const;
const TEXT_STYLE = { whiteSpace: 'pre-wrap', margin: 0 } as const;

export function ReportSection() {
  const t = useT();
  const language = useLanguage();
  const [report, setReport] = useState<PrivacyReportText | null>(null);
  const [state, setState] = useState<SaveState>('idle');

  async function show() {
    try {
      setReport(await parleyApi().getPrivacyReport(language));
      setState('idle');
    } catch {
      setState('failed');
    }
  }

  async function save(format: ReportFormat) {
    setState('saving');
    try {
      setState((await parleyApi().exportPrivacyReport(language, format)) ? 'saved' : 'idle');
    } catch {
      setState('failed');
    }
  }

  return (
    <section className="card" aria-labelledby="privacy-report">
      <h2 id="privacy-report">{t('privacy.reportTitle')}</h2>
      <p>{t('privacy.reportBody')}</p>
      <div className="button-row">
        <button type="button" className="button secondary" onClick={() => void show()}>{t('privacy.reportShow')}</button>
        <button type="button" className="button secondary" onClick={() => void save('pdf')} disabled={state === 'saving'}>{t('privacy.reportSavePdf')}</button>
        <button type="button" className="button secondary" onClick={() => void save('markdown')} disabled={state === 'saving'}>{t('privacy.reportSaveMarkdown')}</button>
      </div>
      <p role="status" className="muted small">
        {state === 'saved' ? t('privacy.reportSaved') : state === 'failed' ? t('privacy.reportFailed') : ''}
      </p>
      {report && (
        <div role="region" className="report-text" style={REPORT_STYLE} tabIndex={0} aria-label={t('privacy.reportLabel')} lang={report.language}>
          <pre style={TEXT_STYLE}>{report.markdown}</pre>
        </div>
      )}
    </section>
  );
}
