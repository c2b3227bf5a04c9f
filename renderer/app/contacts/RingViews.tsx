// The incoming-call view (caller, verified state, accept / decline) and the caller's ringing
// status, shown over whatever screen is open. Also starts the Ringer once the keystore is open.
import { useEffect } from 'react';
import type { CalleeStatus } from '../../contacts/ring-store';
import { useRingStore } from '../../contacts/ring-store';
import { currentRinger, startRingerWhenReady } from '../../contacts/start-ringing';
import type { MessageKey } from '../../i18n/i18n';
import { useT } from '../../i18n/use-t';
import { Modal } from '../../ui/Modal';

const STATUS_KEYS: Record<CalleeStatus, MessageKey> = {
  ringing: 'ring.ringing',
  accepted: 'ring.accepted',
  declined: 'ring.declined',
  'no-answer': 'ring.noAnswer',
  busy: 'ring.busy',
};

function IncomingCall() {
  const t = useT();
  const incoming = useRingStore((s) => s.incoming);
  if (!incoming) return null;
  const name = incoming.caller.displayName;
  const decline = () => void currentRinger()?.decline();
  return (
    <Modal title={t('ring.incomingTitle')} onClose={decline} alert>
      <p>{incoming.teamName ? t('ring.incomingTeam', { name, team: incoming.teamName }) : t('ring.incomingFrom', { name })}</p>
      <p className="small">
        {incoming.caller.keyChangedAt ? t('contacts.keyChanged') : incoming.caller.verified ? t('contacts.verified') : t('contacts.unverified')}
      </p>
      <div className="button-row end">
        <button type="button" className="button danger" onClick={decline}>{t('ring.decline')}</button>
        <button type="button" className="button" data-autofocus onClick={() => void currentRinger()?.accept()}>{t('ring.accept')}</button>
      </div>
    </Modal>
  );
}

function OutgoingStatus() {
  const t = useT();
  const outgoing = useRingStore((s) => s.outgoing);
  if (!outgoing) return null;
  const ringing = outgoing.callees.some((c) => c.status === 'ringing');
  return (
    <aside className="ring-status card" aria-label={t('ring.outgoingTitle')}>
      <ul role="status">
        {outgoing.callees.map((c) => <li key={c.contactId}>{c.displayName}: {t(STATUS_KEYS[c.status])}</li>)}
      </ul>
      {ringing ? (
        <button type="button" className="button small secondary" onClick={() => void currentRinger()?.cancelOutgoing()}>{t('ring.stop')}</button>
      ) : (
        <button type="button" className="button small ghost" onClick={() => currentRinger()?.dismissOutgoing()}>{t('ring.dismiss')}</button>
      )}
    </aside>
  );
}

export function RingViews() {
  useEffect(() => void startRingerWhenReady(), []);
  return (
    <>
      <IncomingCall />
      <OutgoingStatus />
    </>
  );
}
