// Chat over the encrypted data channel. Messages live only in memory for the call.
import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import { MAX_CHAT_TEXT_LENGTH } from '../../../protocol/wire/payload';
import { useCallStore } from '../../call/call-store';
import { useT } from '../../i18n/use-t';
import { runIntent } from '../call-intents';
import { useLanguage } from '../settings-store';
import { SidePanel } from './SidePanel';

/**
 * The time a message says it was sent, or null when that is no time a Date can hold. The
 * protocol refuses such messages already; this keeps the panel from throwing if one got here.
 */
function sentTime(sentAt: number): Date | null {
  const date = new Date(sentAt);
  return Number.isNaN(date.getTime()) ? null : date;
}

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
        {messages.map((m) => {
          const sent = sentTime(m.sentAt);
          return (
          <li key={m.id} className={m.fromPeerId === 'self' ? 'chat-message own' : 'chat-message'}>
            <span className="chat-meta">
              <strong>{m.fromPeerId === 'self' ? t('chat.you') : m.displayName}</strong>{' '}
              {sent && <time dateTime={sent.toISOString()}>{time.format(sent)}</time>}
            </span>
            <span className="chat-text">{m.text}</span>
          </li>
          );
        })}
        </ol>
      </div>
      <form className="chat-form" onSubmit={send}>
        <label htmlFor={inputId} className="visually-hidden">{t('chat.inputLabel')}</label>
        <textarea id={inputId} rows={2} maxLength={MAX_CHAT_TEXT_LENGTH /* every receiver refuses longer ones (PROTOCOL.md §7.4) */} value={draft} placeholder={t('chat.placeholder')} onChange={(e) => setDraft(e.target.value)} onKeyDown={onKeyDown} />
        <button type="submit" className="button primary" disabled={draft.trim() === ''}>{t('chat.send')}</button>
      </form>
      <p className="muted small">{t('chat.privacy')}</p>
    </SidePanel>
  );
}
