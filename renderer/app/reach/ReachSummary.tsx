// On the home screen: how others reach this person's meetings, and the way to change it. A fresh
// install hosts on this computer only; the summary says so plainly instead of handing out links
// nobody else can use.
import { useState } from 'react';
import { useT } from '../../i18n/use-t';
import { Modal } from '../../ui/Modal';
import { useRelayHosting } from './hosting-store';
import { ReachChooser, ReachStatus } from './ReachChooser';

export function ReachSummary() {
  const t = useT();
  const hosting = useRelayHosting((s) => s.hosting);
  const [open, setOpen] = useState(false);
  if (!hosting) return null;
  return (
    <section className="card reach-summary" aria-labelledby="reach-summary-title">
      <h2 id="reach-summary-title">{t('reach.home.title')}</h2>
      <ReachStatus hosting={hosting} />
      <button type="button" className={hosting.reachableByOthers ? 'button ghost small' : 'button secondary'} onClick={() => setOpen(true)}>
        {hosting.reachableByOthers ? t('reach.home.change') : t('reach.home.choose')}
      </button>
      {open && (
        <Modal title={t('reach.dialogTitle')} onClose={() => setOpen(false)}>
          <ReachChooser />
          <div className="button-row end">
            <button type="button" className="button ghost" onClick={() => setOpen(false)}>{t('common.close')}</button>
          </div>
        </Modal>
      )}
    </section>
  );
}
