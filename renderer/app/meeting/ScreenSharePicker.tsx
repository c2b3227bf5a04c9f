// Choosing what to share. Main lists screens and windows and hands exactly the chosen one to
// the next capture request; where it lists none (Wayland portal, or no main), the system asks.
import { useEffect, useState } from 'react';
import type { ScreenSource } from '../../../protocol/ipc-contract';
import { useT } from '../../i18n/use-t';
import { Modal } from '../../ui/Modal';
import { parleyApi } from '../../parley-api';
import { ipcCode } from '../ipc-code';
import { runIntent } from '../call-intents';
import { useUiStore } from '../ui-store';

type PickerState = { step: 'loading' } | { step: 'choose'; sources: ScreenSource[] } | { step: 'disabled' } | { step: 'failed' };


export function ScreenSharePicker() {
  const t = useT();
  const [state, setState] = useState<PickerState>({ step: 'loading' });
  const [selected, setSelected] = useState<string | null>(null);
  const close = () => useUiStore.getState().setScreenPickerOpen(false);

  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        const sources = window.parley ? await parleyApi().listScreenSources() : [];
        if (cancelled) return;
        setState({ step: 'choose', sources });
        setSelected(sources[0]?.id ?? null);
      } catch (error) {
        if (!cancelled) setState(ipcCode(error) === 'screen-share-disabled' ? { step: 'disabled' } : { step: 'failed' });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, []);

  async function share() {
    close();
    await runIntent(async (controller) => {
      if (selected !== null) await parleyApi().chooseScreenSource(selected);
      await controller.startScreenShare();
    });
  }

  const groups = state.step === 'choose' ? (['screen', 'window'] as const).map((kind) => ({ kind, sources: state.sources.filter((s) => s.kind === kind) })) : [];
  return (
    <Modal title={t('share.title')} onClose={close} className="modal-wide">
      {state.step === 'loading' && <p className="muted" aria-busy="true">{t('common.loading')}</p>}
      {state.step === 'disabled' && <p role="alert" className="notice error">{t('share.disabled')}</p>}
      {state.step === 'failed' && <p role="alert" className="notice error">{t('share.failed')}</p>}
      {state.step === 'choose' && state.sources.length === 0 && <p>{t('share.systemPicker')}</p>}
      {groups.map(({ kind, sources }) =>
        sources.length === 0 ? null : (
          <fieldset key={kind} className="source-group">
            <legend>{kind === 'screen' ? t('share.screens') : t('share.windows')}</legend>
            <div className="source-grid">
              {sources.map((source) => (
                <label key={source.id} className={selected === source.id ? 'source selected' : 'source'}>
                  <input type="radio" name="screen-source" value={source.id} checked={selected === source.id} onChange={() => setSelected(source.id)} />
                  {source.thumbnail ? <img src={source.thumbnail} alt="" /> : <span className="source-blank" aria-hidden="true" />}
                  <span className="source-name">{source.name}</span>
                </label>
              ))}
            </div>
          </fieldset>
        ),
      )}
      <div className="button-row end">
        <button type="button" className="button ghost" onClick={close}>{t('common.cancel')}</button>
        <button type="button" className="button primary" disabled={state.step !== 'choose'} onClick={() => void share()} data-autofocus>
          {t('share.start')}
        </button>
      </div>
    </Modal>
  );
}
