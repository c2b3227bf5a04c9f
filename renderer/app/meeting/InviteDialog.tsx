// The meeting's invite link to copy or scan. It carries the room secret, so it is only shown
// when asked for, and never sent anywhere by Parley.
import { useState } from 'react';
import { useCallStore } from '../../call/call-store';
import { useT } from '../../i18n/use-t';
import { CopyIcon } from '../../ui/icons';
import { Modal } from '../../ui/Modal';
import { QrCode } from '../../ui/QrCode';
import { useUiStore } from '../ui-store';

export function InviteDialog() {
  const t = useT();
  const link = useCallStore((s) => s.inviteLink);
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  const close = () => useUiStore.getState().setInviteOpen(false);
  if (!link) return null;
  async function copy() {
    try {
      await navigator.clipboard.writeText(link ?? '');
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  }
  return (
    <Modal title={t('invite.title')} onClose={close} describedBy="invite-desc">
      <p id="invite-desc" className="muted">{t('invite.description')}</p>
      <div className="invite-link-row">
        <input className="mono" readOnly value={link} aria-label={t('invite.linkLabel')} onFocus={(e) => e.target.select()} />
        <button type="button" className="button primary" onClick={copy} data-autofocus>
          <CopyIcon />
          {t('invite.copy')}
        </button>
      </div>
      <p className="small" role="status">{copied === 'yes' ? t('invite.copied') : copied === 'failed' ? t('invite.copyFailed') : ''}</p>
      <div className="invite-qr">
        <QrCode text={link} label={t('invite.qrLabel')} />
      </div>
      <div className="button-row end">
        <button type="button" className="button ghost" onClick={close}>{t('common.close')}</button>
      </div>
    </Modal>
  );
}
