// Chat over the encrypted data channel. Messages live only in memory for the call.
import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import { useCallStore } from '../../call/call-store';
import { useT } from '../../i18n/use-t';
import { runIntent } from '../call-intents';
import { useLanguage } from '../settings-store';
import { SidePanel } from './SidePanel';

export const MAX_CHAT_LENGTH = 2000;

export function ChatPanel() {
  const t = useT();
  const language = useLanguage();
  const messages = useCallStore((s) => s.chat);
  const [draft, setDraft] = useState('');
  const inputId = useId();
  const logRef = useRef<HTMLDivElement>(null);
  const time = new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit' });

  useEffect(() => {
    const log = logRef.current;
    if (log) log.scrollTop = log.scrollHeight;
  }, [messages.length]);

  function send(event?: FormEvent) {
    event?.preventDefault();
    const text = draft.trim();
    if (!text) return;
    setDraft('');
    void runIntent((c) => c.sendChat(text));
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      send();
    }
  }

  return (
    <SidePanel id="chat" title={t('chat.title')}>
      <div ref={logRef} className="chat-log" role="log" aria-live="polite" aria-label={t('chat.messages')} tabIndex={0}>
        <ol className="chat-list">
        {messages.length === 0 && <li className="muted small chat-empty">{t('chat.empty')}</li>}
        {messages.map((m) => (
          <li key={m.id} className={m.fromPeerId === 'self' ? 'chat-message own' : 'chat-message'}>
            <span className="chat-meta">
              <strong>{m.fromPeerId === 'self' ? t('chat.you') : m.displayName}</strong>{' '}
              <time dateTime={new Date(m.sentAt).toISOString()}>{time.format(m.sentAt)}</time>
            </span>
            <span className="chat-text">{m.text}</span>
          </li>
        ))}
        </ol>
      </div>
      <form className="chat-form" onSubmit={send}>
        <label htmlFor={inputId} className="visually-hidden">{t('chat.inputLabel')}</label>
        <textarea id={inputId} rows={2} maxLength={MAX_CHAT_LENGTH} value={draft} placeholder={t('chat.placeholder')} onChange={(e) => setDraft(e.target.value)} onKeyDown={onKeyDown} />
        <button type="submit" className="button primary" disabled={draft.trim() === ''}>{t('chat.send')}</button>
      </form>
      <p className="muted small">{t('chat.privacy')}</p>
    </SidePanel>
  );
}
