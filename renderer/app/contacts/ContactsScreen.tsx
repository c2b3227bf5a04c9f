// Contacts: our own card (link + QR, re-issue), add a contact by link or by scanning its QR
// code, the searchable contact list with call buttons and details, teams, do-not-disturb and the
// local call history.
import { useEffect, useId, useMemo, useState } from 'react';
import { useRingStore } from '../../contacts/ring-store';
import { useT } from '../../i18n/use-t';
import { QrCode } from '../../ui/QrCode';
import { ContactDetail } from './ContactDetail';
import { CallHistory } from './CallHistory';
import { QrScanDialog } from './QrScanDialog';
import { TeamsSection } from './TeamsSection';
import { addContact, callContacts, errorText, refreshMyCard, reissueCard } from './contact-actions';

function MyCard() {
  const t = useT();
  const id = useId();
  const card = useRingStore((s) => s.myCard);
  const [note, setNote] = useState<string | null>(null);
  if (!card) return null;
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('contacts.myCard')}</h2>
      <p className="muted small">{t('contacts.myCardHint')}</p>
      <div className="field">
        <label htmlFor={`${id}-link`}>{t('contacts.myCardLink')}</label>
        <input id={`${id}-link`} className="mono" type="text" readOnly value={card.link} />
      </div>
      <QrCode text={card.link} label={t('contacts.myCardQr')} />
      <div className="button-row">
        <button type="button" className="button secondary" onClick={() => void navigator.clipboard.writeText(card.link).then(() => setNote(t('contacts.copied')), () => undefined)}>
          {t('contacts.copy')}
        </button>
        <button type="button" className="button secondary" onClick={() => void reissueCard().then(() => setNote(t('contacts.reissued')), (e: unknown) => setNote(errorText(e)))}>
          {t('contacts.reissue')}
        </button>
      </div>
      <p role="status" className="small">{note}</p>
    </section>
  );
}

function AddContact() {
  const t = useT();
  const id = useId();
  const [link, setLink] = useState('');
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [scanning, setScanning] = useState(false);
  async function add() {
    try {
      const entry = await addContact(link);
      setResult({ ok: true, text: t('contacts.added', { name: entry.displayName }) });
      setLink('');
    } catch (error) {
      setResult({ ok: false, text: t('contacts.addFailed', { reason: errorText(error) }) });
    }
  }
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('contacts.add')}</h2>
      <form className="inline-field" onSubmit={(e) => { e.preventDefault(); void add(); }}>
        <label htmlFor={`${id}-link`} className="visually-hidden">{t('contacts.addLabel')}</label>
        <input id={`${id}-link`} className="mono" type="text" spellCheck={false} placeholder="parley://contact#…" value={link} onChange={(e) => setLink(e.target.value)}
          aria-invalid={result?.ok === false || undefined} aria-describedby={`${id}-result`} />
        <button type="submit" className="button" disabled={link.trim() === ''}>{t('contacts.addButton')}</button>
      </form>
      <div className="button-row">
        <button type="button" className="button secondary" onClick={() => setScanning(true)}>{t('contacts.scan')}</button>
      </div>
      <p id={`${id}-result`} role={result?.ok === false ? 'alert' : 'status'} className="small">{result?.text}</p>
      {scanning && (
        <QrScanDialog
          onClose={() => setScanning(false)}
          onAdded={(entry) => {
            setScanning(false);
            setResult({ ok: true, text: t('contacts.added', { name: entry.displayName }) });
          }}
        />
      )}
    </section>
  );
}

function ContactList() {
  const t = useT();
  const id = useId();
  const book = useRingStore((s) => s.book);
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const contacts = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (book?.contacts ?? []).filter((c) => c.displayName.toLowerCase().includes(q)).sort((a, b) => a.displayName.localeCompare(b.displayName));
  }, [book, query]);
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('contacts.list')}</h2>
      <div className="field">
        <label htmlFor={`${id}-search`}>{t('contacts.search')}</label>
        <input id={`${id}-search`} type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
      </div>
      {book && book.contacts.length === 0 && <p className="muted">{t('contacts.empty')}</p>}
      {book && book.contacts.length > 0 && contacts.length === 0 && <p className="muted">{t('contacts.noMatch')}</p>}
      <ul className="contact-list" aria-label={t('contacts.list')}>
        {contacts.map((contact) => (
          <li key={contact.contactId}>
            <span className="contact-name">{contact.displayName}</span>{' '}
            <span className="muted small">
              {contact.keyChangedAt ? t('contacts.keyChanged') : contact.verified ? t('contacts.verified') : t('contacts.unverified')}
            </span>
            <div className="button-row">
              <button type="button" className="button small" onClick={() => void callContacts([contact])}>{t('contacts.callName', { name: contact.displayName })}</button>
              <button type="button" className="button small ghost" aria-expanded={open === contact.contactId}
                onClick={() => setOpen(open === contact.contactId ? null : contact.contactId)}>
                {t('contacts.detailsName', { name: contact.displayName })}
              </button>
            </div>
            {open === contact.contactId && <ContactDetail contact={contact} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ContactsScreen() {
  const t = useT();
  const problem = useRingStore((s) => (s.myCard ? null : s.problem));
  // The card carries the current display name (a change makes a newer card, same mailbox).
  useEffect(() => void refreshMyCard().catch((e: unknown) => useRingStore.setState({ problem: errorText(e) })), []);
  return (
    <main className="page contacts" aria-labelledby="contacts-title">
      <h1 id="contacts-title" className="page-title">{t('contacts.title')}</h1>
      <p className="lead">{t('contacts.intro')}</p>
      {problem && <p role="alert">{t('contacts.loadFailed', { reason: problem })}</p>}
      <ContactList />
      <AddContact />
      <TeamsSection />
      <MyCard />
      <CallHistory />
    </main>
  );
}
