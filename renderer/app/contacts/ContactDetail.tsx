// One contact's details: the safety number (as in calls), verify / unverify, remove.
import { useMemo } from 'react';
import type { ContactEntry } from '../../../protocol/ipc-contract';
import { parleyFingerprintIdentity, safetyNumber } from '../../../protocol/safety-number';
import { useRingStore } from '../../contacts/ring-store';
import { useT } from '../../i18n/use-t';
import { SafetyNumber } from '../meeting/SafetyNumber';
import { removeContact, setVerified } from './contact-actions';

export function ContactDetail({ contact }: { contact: ContactEntry }) {
  const t = useT();
  const mine = useRingStore((s) => s.myCard?.identityKey ?? null);
  const digits = useMemo(() => (mine ? safetyNumber(parleyFingerprintIdentity(mine), parleyFingerprintIdentity(contact.identityKey)) : ''), [mine, contact.identityKey]);
  const name = contact.displayName;
  return (
    <div className="contact-detail">
      <p className="small">{t('contacts.safetyHint', { name })}</p>
      <SafetyNumber digits={digits} label={t('contacts.safetyNumber', { name })} />
      <div className="button-row">
        <button type="button" className="button small secondary" onClick={() => void setVerified(contact, !contact.verified)}>
          {contact.verified ? t('contacts.markUnverified') : t('contacts.markVerified')}
        </button>
        <button type="button" className="button small danger-ghost" onClick={() => void removeContact(contact.contactId)}>
          {t('contacts.removeName', { name })}
        </button>
      </div>
    </div>
  );
}
