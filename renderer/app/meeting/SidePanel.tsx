import type { ReactNode } from 'react';
import { useT } from '../../i18n/use-t';
import { CloseIcon } from '../../ui/icons';
import { useUiStore } from '../ui-store';

export function SidePanel({ title, id, children }: { title: string; id: string; children: ReactNode }) {
  const t = useT();
  return (
    <aside className="side-panel" aria-labelledby={`${id}-title`}>
      <div className="side-panel-head">
        <h2 id={`${id}-title`}>{title}</h2>
        <button type="button" className="icon-button" aria-label={t('panel.close', { panel: title })} onClick={() => useUiStore.getState().closePanel()}>
          <CloseIcon />
        </button>
      </div>
      <div className="side-panel-body">{children}</div>
    </aside>
  );
}
