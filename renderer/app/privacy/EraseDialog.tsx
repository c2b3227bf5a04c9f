// Confirmation for erasing everything. Main lists what it will delete and hands out a
// short-lived token that the confirm button passes back.
import { useEffect, useState } from 'react';
import type { EraseRequest } from '../../../protocol/ipc-contract';
import type { MessageKey, Translate } from '../../i18n/i18n';
import { en } from '../../i18n/messages.en';
import { useT } from '../../i18n/use-t';
import { Modal } from '../../ui/Modal';
import { parleyApi } from '../../parley-api';
import { useUiStore } from '../ui-store';
import { eraseRendererData } from './erase';

type EraseState = { step: 'loading' } | { step: 'confirm'; request: EraseRequest } | { step: 'erasing' } | { step: 'failed' };

export function EraseDialog({ onClose }: { onClose(): void }) {
  const t = useT();
  const [state, setState] = useState<EraseState>({ step: 'loading' });

  useEffect(() => {
    let cancelled = false;
    parleyApi()
      .requestErase()
      .then(
        (request) => !cancelled && setState({ step: 'confirm', request }),
        () => !cancelled && setState({ step: 'failed' }),
      );
    return () => {
      cancelled = true;
    };
  }, []);

  async function confirm(request: EraseRequest) {
    setState({ step: 'erasing' });
    try {
      await parleyApi().eraseEverything(request.token);
      eraseRendererData();
      onClose();
      useUiStore.getState().navigate('home');
      useUiStore.getState().pushToast({ tone: 'info', key: 'privacy.erased' });
    } catch {
      setState({ step: 'failed' });
    }
  }

  return (
    <Modal title={t('privacy.confirmTitle')} onClose={onClose} alert>
      <p>{t('privacy.confirmBody')}</p>
      {state.step === 'confirm' && (
        <ul className="erase-list">
          {state.request.willDelete.map((item) => <li key={item}>{inventoryItemName(t, item)}</li>)}
          <li>{t('privacy.confirmLocal')}</li>
        </ul>
      )}
      {state.step === 'loading' && <p aria-busy="true" className="muted">{t('common.loading')}</p>}
      {state.step === 'failed' && <p role="alert" className="notice error">{t('privacy.eraseFailed')}</p>}
      <div className="button-row end">
        <button type="button" className="button ghost" onClick={onClose} data-autofocus>{t('common.cancel')}</button>
        <button
          type="button"
          className="button danger"
          disabled={state.step !== 'confirm'}
          onClick={() => state.step === 'confirm' && void confirm(state.request)}
        >
          {t('privacy.eraseConfirm')}
        </button>
      </div>
    </Modal>
  );
}

/** The person's-language name of a privacy inventory item main will delete (its id when this build has no name for it). */
function inventoryItemName(t: Translate, id: string): string {
  const key = `privacy.item.${id}`;
  return key in en ? t(key as MessageKey) : id;
}
