// Settings → Your organisation (PROTOCOL.md §9.4): the identity key IT signs, the statement it
// signed (imported from the file `npm run org -- sign` wrote; main checks it is for this key
// and keeps it), and which organisations this installation's policy trusts for others.
import { useEffect, useId, useState } from 'react';
import { toBase64Url } from '../../../protocol/bytes';
import type { OrganisationStatus } from '../../../protocol/ipc-contract';
import { MAX_ORGANISATION_STATEMENT_TEXT } from '../../../protocol/ipc-contract';
import { parleyApi } from '../../parley-api';
import { useT } from '../../i18n/use-t';
import type { MessageKey } from '../../i18n/i18n';
import { ipcCode } from '../ipc-code';
import { canonicalName } from '../../../protocol/organisation/statement';
import { useLanguage, useSettingsStore } from '../settings-store';

const IMPORT_ERRORS: Record<string, MessageKey> = {
  'organisation-statement-wrong-key': 'organisation.importWrongKey',
  'organisation-statement-expired': 'organisation.importExpired',
  'organisation-statement-not-yet-valid': 'organisation.importNotYetValid',
  'organisation-statement-malformed': 'organisation.importMalformed',
};

export function OrganisationSection() {
  const t = useT();
  const language = useLanguage();
  const fileId = useId();
  const [status, setStatus] = useState<OrganisationStatus | null>(null);
  const [problem, setProblem] = useState<MessageKey | null>(null);
  const displayName = useSettingsStore((s) => s.settings.displayName);

  useEffect(() => {
    let live = true;
    Promise.resolve()
      .then(() => parleyApi().getOrganisation())
      .then((s) => live && setStatus(s), () => live && setProblem('organisation.unavailable'));
    return () => {
      live = false;
    };
  }, []);

  async function importFile(file: File | undefined) {
    if (!file) return;
    setProblem(null);
    try {
      if (file.size > MAX_ORGANISATION_STATEMENT_TEXT) throw Object.assign(new Error('too large'), { code: 'organisation-statement-malformed' });
      setStatus(await parleyApi().importOrganisationStatement(await file.text()));
    } catch (error) {
      setProblem(IMPORT_ERRORS[ipcCode(error) ?? ''] ?? 'organisation.importFailed');
    }
  }

  async function remove() {
    setProblem(null);
    setStatus(await parleyApi().removeOrganisationStatement().catch(() => status));
  }

  const statement = status?.statement ?? null;
  const date = (ms: number) => new Date(ms).toLocaleDateString(language, { dateStyle: 'long' });
  return (
    <section className="card settings-section" aria-labelledby="settings-organisation">
      <h2 id="settings-organisation">{t('organisation.title')}</h2>
      <p className="field-hint">{t('organisation.intro')}</p>
      {status && (
        <div className="field">
          <span>{t('organisation.yourKey')}</span>
          <code className="identity-key" data-testid="own-identity-key">{toBase64Url(status.identityKey)}</code>
        </div>
      )}
      <div className="field" role="status">
        {statement ? (
          <p data-testid="own-organisation-statement">{t('organisation.imported', { organisation: statement.organisation, signedName: statement.name, date: date(statement.expiresAt) })}</p>
        ) : (
          <p>{t('organisation.none')}</p>
        )}
        {statement && displayName.trim() !== '' && canonicalName(displayName) !== statement.name && (
          <p className="notice warning">{t('organisation.nameDiffers', { name: displayName.trim(), signedName: statement.name })}</p>
        )}
        {problem && <p className="small error-text">{t(problem)}</p>}
      </div>
      <div className="field button-row">
        <label htmlFor={fileId} className="button secondary">{t('organisation.import')}</label>
        <input id={fileId} className="visually-hidden" type="file" accept=".parley-org,.txt,text/plain" onChange={(e) => void importFile(e.target.files?.[0])} />
        {statement && (
          <button type="button" className="button ghost" onClick={() => void remove()}>
            {t('organisation.remove')}
          </button>
        )}
      </div>
      {status && (
        <p className="field-hint">
          {status.trustedOrganisations.length > 0 ? t('organisation.trusted', { organisations: status.trustedOrganisations.join(', ') }) : t('organisation.trustsNone')}
        </p>
      )}
    </section>
  );
}
