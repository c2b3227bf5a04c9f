// Before anything else: Parley needs its keys. Where the system keychain cannot seal them, the
// person sets or enters a passphrase; a damaged keystore offers main's recovery choices.
import { useEffect, useId, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import type { KeystoreRecoveryChoice, KeystoreStatus } from '../../../protocol/ipc-contract';
import { useT } from '../../i18n/use-t';
import type { MessageKey } from '../../i18n/i18n';
import { LockIcon, ShieldAlertIcon } from '../../ui/icons';
import { Modal } from '../../ui/Modal';
import { parleyApi } from '../../parley-api';
import { ipcCode } from '../ipc-code';
import { MIN_PASSPHRASE_LENGTH, waitWhileOpening } from './keystore-status';
import { PassphrasePrompt } from './PassphrasePrompt';

type GateState = { step: 'checking' } | { step: 'open' } | { step: 'status'; status: KeystoreStatus };

const PROBLEM_KEYS: Record<Extract<KeystoreStatus, { state: 'damaged' }>['problem'], MessageKey> = {
  'vault-key-missing': 'keystore.problem.vaultKeyMissing',
  'vault-key-undecryptable': 'keystore.problem.vaultKeyUndecryptable',
  'keystore-missing': 'keystore.problem.keystoreMissing',
  'keystore-corrupt': 'keystore.problem.keystoreCorrupt',
};

const CHOICE_KEYS: Record<KeystoreRecoveryChoice, MessageKey> = {
  retry: 'keystore.choice.retry',
  'restore-backup': 'keystore.choice.restoreBackup',
  'new-identity': 'keystore.choice.newIdentity',
};

function SetupPassphrase({ onDone }: { onDone(status: KeystoreStatus): void }) {
  const t = useT();
  const id = useId();
  const [first, setFirst] = useState('');
  const [second, setSecond] = useState('');
  const [problem, setProblem] = useState<MessageKey | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if ([...first].length < MIN_PASSPHRASE_LENGTH) return setProblem('keystore.tooShort');
    if (first !== second) return setProblem('keystore.mismatch');
    setBusy(true);
    try {
      onDone(await waitWhileOpening(await parleyApi().unlockKeystore(first)));
    } catch (error) {
      setProblem(ipcCode(error) === 'weak-passphrase' ? 'keystore.tooShort' : 'keystore.failed');
      setBusy(false);
    }
  }

  return (
    <form className="passphrase-form" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={`${id}-1`}>{t('keystore.newLabel')}</label>
        <input id={`${id}-1`} type="password" autoComplete="new-password" value={first} aria-describedby={`${id}-hint`} onChange={(e) => setFirst(e.target.value)} />
        <p id={`${id}-hint`} className="field-hint">{t('keystore.newHint', { min: MIN_PASSPHRASE_LENGTH })}</p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-2`}>{t('keystore.repeatLabel')}</label>
        <input id={`${id}-2`} type="password" autoComplete="new-password" value={second} aria-invalid={problem !== null || undefined} aria-describedby={problem ? `${id}-error` : undefined} onChange={(e) => setSecond(e.target.value)} />
        {problem && <p id={`${id}-error`} className="field-error">{t(problem, { min: MIN_PASSPHRASE_LENGTH })}</p>}
      </div>
      <button type="submit" className="button primary" disabled={busy}>{t('keystore.setUp')}</button>
    </form>
  );
}

function Recovery({ status, onDone }: { status: Extract<KeystoreStatus, { state: 'damaged' }>; onDone(status: KeystoreStatus): void }) {
  const t = useT();
  const [confirmNew, setConfirmNew] = useState(false);
  const [failed, setFailed] = useState(false);
  async function choose(choice: KeystoreRecoveryChoice) {
    setConfirmNew(false);
    try {
      onDone(await waitWhileOpening(await parleyApi().recoverKeystore(choice)));
    } catch {
      setFailed(true);
    }
  }
  return (
    <>
      <p>{t(PROBLEM_KEYS[status.problem])}</p>
      {failed && <p role="alert" className="notice error">{t('keystore.failed')}</p>}
      <div className="button-row">
        {status.choices.map((choice) => (
          <button
            key={choice}
            type="button"
            className={choice === 'new-identity' ? 'button danger-ghost' : 'button secondary'}
            onClick={() => (choice === 'new-identity' ? setConfirmNew(true) : void choose(choice))}
          >
            {t(CHOICE_KEYS[choice])}
          </button>
        ))}
      </div>
      {confirmNew && (
        <Modal title={t('keystore.newIdentityTitle')} onClose={() => setConfirmNew(false)} alert>
          <p>{t('keystore.newIdentityBody')}</p>
          <div className="button-row end">
            <button type="button" className="button ghost" onClick={() => setConfirmNew(false)} data-autofocus>{t('common.cancel')}</button>
            <button type="button" className="button danger" onClick={() => void choose('new-identity')}>{t('keystore.choice.newIdentity')}</button>
          </div>
        </Modal>
      )}
    </>
  );
}

function GateCard({ icon, title, children }: { icon: ReactNode; title: string; children: ReactNode }) {
  return (
    <main className="page centered" aria-labelledby="keystore-title">
      <div className="card error-card keystore-card">
        {icon}
        <h1 id="keystore-title">{title}</h1>
        {children}
      </div>
    </main>
  );
}

/** Shows the app once the keystore is ready (or when there is no main to ask). */
export function KeystoreGate({ children }: { children: ReactNode }) {
  const t = useT();
  const [state, setState] = useState<GateState>({ step: 'checking' });
  const settle = (status: KeystoreStatus) => setState(status.state === 'ready' ? { step: 'open' } : { step: 'status', status });

  useEffect(() => {
    let cancelled = false;
    if (!window.parley) {
      setState({ step: 'open' });
      return;
    }
    (async () => {
      try {
        const status = await waitWhileOpening(await parleyApi().getKeystoreStatus());
        if (!cancelled) settle(status);
      } catch (error) {
        console.warn('Keystore status unavailable:', error instanceof Error ? error.message : error);
        if (!cancelled) setState({ step: 'open' });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, []);

  if (state.step === 'open') return <>{children}</>;
  if (state.step === 'checking') {
    return (
      <main className="page centered" aria-busy="true" aria-label={t('app.connecting')}>
        <div className="spinner" aria-hidden="true" />
      </main>
    );
  }
  const { status } = state;
  switch (status.state) {
    case 'needs-passphrase':
      return status.setup ? (
        <GateCard icon={<LockIcon />} title={t('keystore.setupTitle')}>
          <p>{t('keystore.setupBody')}</p>
          <SetupPassphrase onDone={settle} />
        </GateCard>
      ) : (
        <GateCard icon={<LockIcon />} title={t('error.keystore.title')}>
          <p>{t('error.keystore.body')}</p>
          <PassphrasePrompt onUnlocked={() => setState({ step: 'open' })} />
        </GateCard>
      );
    case 'damaged':
      return (
        <GateCard icon={<ShieldAlertIcon />} title={t('keystore.damagedTitle')}>
          <Recovery status={status} onDone={settle} />
        </GateCard>
      );
    case 'erased':
      return (
        <GateCard icon={<ShieldAlertIcon />} title={t('keystore.erasedTitle')}>
          <p>{t('keystore.erasedBody')}</p>
        </GateCard>
      );
    case 'opening':
    case 'ready':
      return <>{children}</>;
  }
}
