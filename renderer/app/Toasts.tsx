// Short notices (joins, leaves, key changes, failures). Info is announced politely, warnings
// and errors assertively; each disappears after a while or when dismissed.
import { useEffect } from 'react';
import { useT } from '../i18n/use-t';
import { CloseIcon } from '../ui/icons';
import { useUiStore } from './ui-store';
import type { Toast } from './ui-store';

export const TOAST_MS = 6000;

function ToastItem({ toast }: { toast: Toast }) {
  const t = useT();
  const dismiss = useUiStore((s) => s.dismissToast);
  useEffect(() => {
    const timer = setTimeout(() => dismiss(toast.id), TOAST_MS);
    return () => clearTimeout(timer);
  }, [dismiss, toast.id]);
  return (
    <li className={`toast toast-${toast.tone}`}>
      <span>{t(toast.key, toast.params)}</span>
      <button type="button" className="icon-button small" aria-label={t('toast.dismiss')} onClick={() => dismiss(toast.id)}>
        <CloseIcon />
      </button>
    </li>
  );
}

export function Toasts() {
  const toasts = useUiStore((s) => s.toasts);
  const polite = toasts.filter((toast) => toast.tone === 'info');
  const urgent = toasts.filter((toast) => toast.tone !== 'info');
  return (
    <div className="toasts">
      <div role="status" aria-live="polite">
        <ul className="toast-list">{polite.map((toast) => <ToastItem key={toast.id} toast={toast} />)}</ul>
      </div>
      <div role="alert" aria-live="assertive">
        <ul className="toast-list">{urgent.map((toast) => <ToastItem key={toast.id} toast={toast} />)}</ul>
      </div>
    </div>
  );
}
