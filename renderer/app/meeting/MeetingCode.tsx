// One code for the whole meeting (PROTOCOL.md §9.3): read aloud once; if everyone sees the same
// code, every pair is verified at once. If someone's differs, the key codes next to each name,
// read aloud in turn, find the key that differs, and that person's safety number is the next
// comparison to make.
import { useId, useState } from 'react';
import { callController } from '../../call/call-store';
import type { MeetingCodeView } from '../../call/call-store';
import { useT } from '../../i18n/use-t';
import { runIntent } from '../call-intents';

export function MeetingCode() {
  const t = useT();
  const regionId = useId();
  const [view, setView] = useState<MeetingCodeView | null>(null);
  const [differs, setDiffers] = useState(false);
  const [done, setDone] = useState(false);
  const open = view !== null;
  const toggle = () => {
    setDiffers(false);
    setDone(false);
    // Computed when opened, over who is in the call at that moment.
    setView(open ? null : callController().meetingCode());
  };
  return (
    <section className="meeting-code" aria-label={t('meetingCode.title')}>
      <button type="button" className="button small secondary" aria-expanded={open} aria-controls={regionId} onClick={toggle}>
        {t('meetingCode.show')}
      </button>
      {view && (
        <div id={regionId} className="verify-box">
          <p className="small">{t('meetingCode.instructions')}</p>
          <ol className="safety-number meeting-code-groups" aria-label={t('meetingCode.title')}>
            {view.groups.map((group, i) => <li key={i}>{group}</li>)}
          </ol>
          <div className="button-row">
            <button
              type="button"
              className="button small primary"
              disabled={view.people.length < 2 || done}
              onClick={() => void runIntent(async (c) => {
                await c.markVerifiedByMeetingCode(view.people.map((p) => p.peerId));
                setDone(true);
              })}
            >
              {t('meetingCode.same')}
            </button>
            <button type="button" className="button small ghost" aria-expanded={differs} onClick={() => setDiffers(!differs)}>
              {t('meetingCode.differs')}
            </button>
          </div>
          {done && <p role="status" className="small">{t('meetingCode.verified', { count: view.people.length - 1 })}</p>}
          {differs && (
            <div className="small">
              <p>{t('meetingCode.nextStep')}</p>
              <ul aria-label={t('meetingCode.keyCodes')}>
                {view.people.map((p) => (
                  <li key={p.peerId}>
                    {p.peerId === 'self' ? t('tile.selfName', { name: p.displayName }) : p.displayName}: <strong>{p.keyCode}</strong>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
