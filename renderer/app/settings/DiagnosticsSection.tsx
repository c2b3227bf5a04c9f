// Settings → Help desk: the local diagnostics log (setting and policy diagnosticsLog) and "Copy
// diagnostics": main's part (versions, OS, relay, policy in force, recent error codes) plus a
// connection check against the relay meetings hosted here use (reachability, STUN, TURN: it
// joins a throwaway room and may take a TURN allocation, so it runs only on this click). The
// text is shown and put on the clipboard; nothing is sent anywhere.
import { useState } from 'react';
import { parleyApi } from '../../parley-api';
import { browserProbeDeps, checkReachability } from '../../call/reachability';
import type { RelayHostingReachability } from '../../call/reachability-verdict';
import { useT } from '../../i18n/use-t';
import type { Translate } from '../../i18n/i18n';
import { useLanguage } from '../settings-store';
import { MainBooleanSetting } from './MainBooleanSetting';

type Status = 'idle' | 'working' | 'copied' | 'shown' | 'failed';

function connectionLines(t: Translate, check: RelayHostingReachability | null): string {
  if (!check) return `${t('diagnostics.check')}: ${t('diagnostics.noRelay')}\n`;
  const yesNo = (value: boolean) => (value ? t('diagnostics.yes') : t('diagnostics.no'));
  return [
    `${t('diagnostics.check')}: ${check.verdict}`,
    `  ${t('diagnostics.relayAnswered')}: ${check.relayMs === null ? t('diagnostics.no') : `${check.relayMs} ms`}`,
    `  STUN: ${yesNo(check.stun)}, TURN: ${yesNo(check.turn)}`,
    `  ${t('diagnostics.candidates')}: ${check.gathered.length > 0 ? check.gathered.join(', ') : t('diagnostics.none')}`,
    '',
  ].join('\n');
}

export function DiagnosticsSection() {
  const t = useT();
  const language = useLanguage();
  const [status, setStatus] = useState<Status>('idle');
  const [text, setText] = useState<string | null>(null);

  async function copy() {
    setStatus('working');
    try {
      const [main, hosting] = await Promise.all([parleyApi().getDiagnostics(language), parleyApi().getRelayHosting()]);
      const check = hosting.relayUrl ? await checkReachability(hosting.relayUrl, browserProbeDeps()) : null;
      const full = `${main}${connectionLines(t, check)}`;
      setText(full);
      // The clipboard may refuse (no focus, a browser without permission): the text is shown either way.
      setStatus(await navigator.clipboard.writeText(full).then(() => 'copied' as const, () => 'shown' as const));
    } catch {
      setStatus('failed');
    }
  }

  return (
    <section className="card settings-section" aria-labelledby="settings-helpdesk">
      <h2 id="settings-helpdesk">{t('settings.helpDesk')}</h2>
      <MainBooleanSetting setting="diagnosticsLog" label="settings.diagnosticsLog" hint="settings.diagnosticsLogHint" />
      <div className="field">
        <button type="button" className="button secondary" disabled={status === 'working'} onClick={() => void copy()}>
          {t('diagnostics.copy')}
        </button>
        <p className="field-hint">{t('diagnostics.copyHint')}</p>
        <p className={status === 'failed' ? 'small error-text' : 'small'} role="status">
          {status === 'working' ? t('diagnostics.working') : status === 'copied' ? t('diagnostics.copied') : status === 'shown' ? t('diagnostics.shown') : status === 'failed' ? t('diagnostics.failed') : ''}
        </p>
        {text ? <textarea className="diagnostics-text" readOnly rows={12} value={text} aria-label={t('diagnostics.textLabel')} /> : null}
      </div>
    </section>
  );
}
