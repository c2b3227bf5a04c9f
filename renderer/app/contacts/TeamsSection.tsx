// Teams: named groups of contacts that are rung together into one meeting.
import { useId, useState } from 'react';
import { MAX_TEAM_MEMBERS } from '../../../protocol/ipc-contract';
import { useRingStore } from '../../contacts/ring-store';
import { useT } from '../../i18n/use-t';
import { callContacts, removeTeam, saveTeam } from './contact-actions';

export function TeamsSection() {
  const t = useT();
  const id = useId();
  const book = useRingStore((s) => s.book);
  const [name, setName] = useState('');
  const [members, setMembers] = useState<string[]>([]);
  const contacts = book?.contacts ?? [];
  const byId = new Map(contacts.map((c) => [c.contactId, c]));
  const canSave = name.trim() !== '' && members.length > 0 && members.length <= MAX_TEAM_MEMBERS;
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('teams.title')}</h2>
      {book && book.teams.length === 0 && <p className="muted">{t('teams.empty')}</p>}
      <ul className="contact-list">
        {book?.teams.map((team) => (
          <li key={team.id}>
            <span className="contact-name">{team.name}</span>{' '}
            <span className="muted small">{team.members.map((m) => byId.get(m)?.displayName ?? '?').join(', ')}</span>
            <div className="button-row">
              <button type="button" className="button small" onClick={() => void callContacts(team.members.flatMap((m) => byId.get(m) ?? []), team.name)}>
                {t('teams.callName', { name: team.name })}
              </button>
              <button type="button" className="button small danger-ghost" onClick={() => void removeTeam(team.id)}>{t('teams.removeName', { name: team.name })}</button>
            </div>
          </li>
        ))}
      </ul>
      {contacts.length > 0 && (
        <form onSubmit={(e) => {
          e.preventDefault();
          void saveTeam({ id: '', name: name.trim(), members }).then(() => { setName(''); setMembers([]); });
        }}>
          <div className="field">
            <label htmlFor={`${id}-name`}>{t('teams.name')}</label>
            <input id={`${id}-name`} type="text" maxLength={64} value={name} onChange={(e) => setName(e.target.value)} />
          </div>
          <fieldset>
            <legend>{t('teams.members')}</legend>
            {contacts.map((c) => (
              <label key={c.contactId} className="checkbox">
                <input type="checkbox" checked={members.includes(c.contactId)}
                  onChange={(e) => setMembers(e.target.checked ? [...members, c.contactId] : members.filter((m) => m !== c.contactId))} />
                {c.displayName}
              </label>
            ))}
          </fieldset>
          <button type="submit" className="button secondary" disabled={!canSave}>{t('teams.save')}</button>
        </form>
      )}
    </section>
  );
}
