// One person in the participants panel: trust state, verification, and host actions.
import { useId, useState } from 'react';
import { useCallStore } from '../../call/call-store';
import { useT } from '../../i18n/use-t';
import { CrownIcon, MicOffIcon } from '../../ui/icons';
import { Modal } from '../../ui/Modal';
import { runIntent } from '../call-intents';
import { ConnectionStats } from './ConnectionStats';
import { initials } from './initials';
import { OrganisationDetail, OrganisationTag } from './OrganisationBadge';
import { SafetyNumber } from './SafetyNumber';
import { TrustBadge } from './TrustBadge';
import { VerifyByQr } from './VerifyByQr';

export function ParticipantRow({ peerId }: { peerId: string }) {
  const t = useT();
  const participant = useCallStore((s) => s.participants[peerId]);
  const amHost = useCallStore((s) => s.isHost);
  const [open, setOpen] = useState(false);
  const [statsOpen, setStatsOpen] = useState(false);
  const statsId = useId();
  const [confirmRemove, setConfirmRemove] = useState(false);
  const detailsId = useId();
  if (!participant) return null;
  const { displayName: name, verification } = participant;
  const changed = verification === 'changed';
  return (
    <li className={changed ? 'person changed' : 'person'}>
      <div className="person-head">
        <span className="person-avatar" aria-hidden="true">{initials(name)}</span>
        <span className="person-name">
          {name}
          {participant.isHost && <span className="tag"><CrownIcon />{t('participants.host')}</span>}
          {participant.joinedAs !== null && <span className="tag">{t('tile.joinedAs', { name: participant.joinedAs })}</span>}
          <OrganisationTag badge={participant.organisation} />
        </span>
        {participant.audioMuted && <span title={t('tile.micOff')}><MicOffIcon /><span className="visually-hidden">{t('tile.micOff')}</span></span>}
        <TrustBadge e2ee={participant.e2ee} verification={verification} compact />
      </div>
      {changed && <p className="notice warning" role="alert">{t('verify.changedWarning', { name })}</p>}
      {participant.trustWarning?.kind === 'look-alike' && <p className="notice warning" role="alert">{t('verify.lookAlikeWarning', { name: participant.trustWarning.name })}</p>}
      <div className="button-row">
        <button type="button" className="button small secondary" aria-label={t('verify.show', { name })} aria-expanded={open} aria-controls={detailsId} onClick={() => setOpen(!open)}>
          {t('verify.showShort')}
        </button>
        <button type="button" className="button small ghost" aria-label={t('stats.show', { name })} aria-expanded={statsOpen} aria-controls={statsId} onClick={() => setStatsOpen(!statsOpen)}>
          {t('stats.showShort')}
        </button>
        {amHost && (
          <>
            <button type="button" className="button small ghost" aria-label={t('host.makeHost', { name })} onClick={() => void runIntent((c) => c.handOverHost(peerId))}>
              {t('host.makeHostShort')}
            </button>
            <button type="button" className="button small danger-ghost" aria-label={t('host.remove', { name })} onClick={() => setConfirmRemove(true)}>
              {t('host.removeShort')}
            </button>
          </>
        )}
      </div>
      {open && (
        <div id={detailsId} className="verify-box">
          <OrganisationDetail badge={participant.organisation} name={name} />
          <p className="small">{t('verify.instructions', { name })}</p>
          <SafetyNumber digits={participant.safetyNumber} label={t('verify.numberOf', { name })} />
          {/^\d{60}$/.test(participant.safetyNumber) && <VerifyByQr peerId={peerId} name={name} />}
          {verification === 'verified' ? (
            <button type="button" className="button small ghost" onClick={() => void runIntent((c) => c.markVerified(peerId, false))}>
              {t('verify.unmark')}
            </button>
          ) : (
            <button type="button" className="button small primary" onClick={() => void runIntent((c) => c.markVerified(peerId, true))}>
              {t('verify.mark')}
            </button>
          )}
        </div>
      )}
      {statsOpen && <ConnectionStats peerId={peerId} id={statsId} />}
      {confirmRemove && (
        <Modal title={t('host.removeTitle', { name })} onClose={() => setConfirmRemove(false)} alert>
          <p>{t('host.removeBody', { name })}</p>
          <div className="button-row end">
            <button type="button" className="button ghost" onClick={() => setConfirmRemove(false)} data-autofocus>{t('common.cancel')}</button>
            <button
              type="button"
              className="button danger"
              onClick={() => {
                setConfirmRemove(false);
                void runIntent((c) => c.remove(peerId));
              }}
            >
              {t('host.removeConfirm')}
            </button>
          </div>
        </Modal>
      )}
    </li>
  );
}
