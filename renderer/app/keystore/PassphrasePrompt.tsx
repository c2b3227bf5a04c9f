// Unlocks the keystore with the passphrase (where the OS keychain is not available).
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useT } from '../../i18n/use-t';
import { parleyApi } from '../../parley-api';
import { ipcCode } from '../ipc-code';
import { waitWhileOpening } from './keystore-status';

export function PassphrasePrompt({ onUnlocked }: { onUnlocked(): void }) {
  const t = useT();
  const id = useId();
  const [passphrase, setPassphrase] = useState('');
  const [status, setStatus] = useState<'idle' | 'checking' | 'wrong' | 'failed'>('idle');

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!passphrase) return;
    setStatus('checking');
    try {
      const result = await waitWhileOpening(await parleyApi().unlockKeystore(passphrase));
      setPassphrase('');
      if (result.state === 'ready') {
        setStatus('idle');
        onUnlocked();
      } else setStatus(result.state === 'needs-passphrase' && result.lastError === 'wrong-passphrase' ? 'wrong' : 'failed');
    } catch (error) {
      // Main refuses passphrases too short to be one it ever accepted: for an unlock, that is "wrong".
      setStatus(ipcCode(error) === 'weak-passphrase' ? 'wrong' : 'failed');
    }
  }

  const message = status === 'wrong' ? t('keystore.wrong') : status === 'failed' ? t('keystore.failed') : null;
  return (
    <form className="passphrase-form" onSubmit={submit}>
      <div className="field">
        <label htmlFor={id}>{t('keystore.label')}</label>
        <input
          id={id}
          type="password"
          autoComplete="current-password"
          value={passphrase}
          aria-invalid={status === 'wrong' || undefined}
          aria-describedby={message ? `${id}-error` : undefined}
          onChange={(e) => setPassphrase(e.target.value)}
        />
        {message && <p id={`${id}-error`} className="field-error">{message}</p>}
      </div>
      <button type="submit" className="button primary" disabled={!passphrase || status === 'checking'}>{t('keystore.unlock')}</button>
    </form>
  );
}
