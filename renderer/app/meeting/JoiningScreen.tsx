import { useT } from '../../i18n/use-t';
import { runIntent } from '../call-intents';

export function JoiningScreen() {
  const t = useT();
  return (
    <main className="page centered" aria-labelledby="joining-title">
      <div className="card waiting-card" aria-busy="true">
        <div className="spinner" aria-hidden="true" />
        <h1 id="joining-title">{t('joining.title')}</h1>
        <p className="muted">{t('joining.body')}</p>
        <button type="button" className="button ghost" onClick={() => void runIntent((c) => c.leave())}>{t('common.cancel')}</button>
      </div>
    </main>
  );
}
