// The meeting's invite links to copy or scan. They carry the room secret, so they are only shown
// when asked for, and never sent anywhere by Parley. Both forms name the meeting's relay
// (PROTOCOL.md §4.3): the https one opens Parley from any browser, through the relay's page (which
// can read the link); the app one is the private choice. A link to a relay on this computer works
// for nobody else, and the dialog says so instead of letting the host send a dead link.
import { useId, useState } from 'react';
import { isLoopbackRelay } from '../../../protocol/room/relay-address';
import { useCallStore } from '../../call/call-store';
import { useT } from '../../i18n/use-t';
import type { MessageKey } from '../../i18n/i18n';
import { CopyIcon } from '../../ui/icons';
import { Modal } from '../../ui/Modal';
import { QrCode } from '../../ui/QrCode';
import { useUiStore } from '../ui-store';

function LinkRow({ link, label, hint, autoFocus }: { link: string; label: MessageKey; hint: MessageKey; autoFocus?: boolean }) {
  const t = useT();
  const hintId = useId();
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  async function copy() {
    try {
      await navigator.clipboard.writeText(link);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  }
  return (
    <div className="invite-link">
      <div className="invite-link-row">
        <input className="mono" readOnly value={link} aria-label={t(label)} aria-describedby={hintId} onFocus={(e) => e.target.select()} />
        <button type="button" className="button primary" onClick={copy} {...(autoFocus ? { 'data-autofocus': true } : {})}>
          <CopyIcon />
          {t('invite.copy')}
        </button>
      </div>
      <p id={hintId} className="small muted">{t(hint)}</p>
      <p className="small" role="status">{copied === 'yes' ? t('invite.copied') : copied === 'failed' ? t('invite.copyFailed') : ''}</p>
    </div>
  );
}

export function InviteDialog() {
  const t = useT();
  const appLink = useCallStore((s) => s.inviteLink);
  const pageLink = useCallStore((s) => s.inviteLinkPage);
  const relayUrl = useCallStore((s) => s.relayUrl);
  const close = () => useUiStore.getState().setInviteOpen(false);
  if (!appLink) return null;
  const thisComputerOnly = relayUrl !== null && isLoopbackRelay(relayUrl);
  return (
    <Modal title={t('invite.title')} onClose={close} describedBy="invite-desc">
      <p id="invite-desc" className="muted">{t('invite.description')}</p>
      {thisComputerOnly && <p className="notice warning" role="alert">{t('invite.thisComputerOnly')}</p>}
      {pageLink && !thisComputerOnly && <LinkRow link={pageLink} label="invite.pageLinkLabel" hint="invite.pageLinkHint" autoFocus />}
      <LinkRow link={appLink} label="invite.linkLabel" hint={pageLink && !thisComputerOnly ? 'invite.appLinkHint' : 'invite.appLinkOnlyHint'} autoFocus={!pageLink || thisComputerOnly} />
      <div className="invite-qr">
        <QrCode text={pageLink && !thisComputerOnly ? pageLink : appLink} label={t('invite.qrLabel')} />
      </div>
      <div className="button-row end">
        <button type="button" className="button ghost" onClick={close}>{t('common.close')}</button>
      </div>
    </Modal>
  );
}
