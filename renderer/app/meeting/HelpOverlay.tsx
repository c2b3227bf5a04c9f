import { useT } from '../../i18n/use-t';
import { Modal } from '../../ui/Modal';
import { useUiStore } from '../ui-store';
import { SHORTCUTS } from './shortcuts';

export function HelpOverlay() {
  const t = useT();
  const close = () => useUiStore.getState().setHelpOpen(false);
  return (
    <Modal title={t('help.title')} onClose={close}>
      <table className="shortcut-table">
        <caption className="visually-hidden">{t('help.title')}</caption>
        <thead>
          <tr><th scope="col">{t('help.key')}</th><th scope="col">{t('help.action')}</th></tr>
        </thead>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.action}>
              <td>{s.keys.split('+').map((k, i) => <kbd key={i}>{k === 'Control' ? 'Ctrl' : k}</kbd>)}</td>
              <td>{t(s.labelKey)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="button-row end">
        <button type="button" className="button primary" onClick={close}>{t('common.close')}</button>
      </div>
    </Modal>
  );
}
