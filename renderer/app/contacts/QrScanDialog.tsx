// Add a contact by scanning their QR code (the shared QrScanner): a parley://contact link in
// view takes the same verify-and-add path as a pasted link; a code that is not a card, or a card
// main refused, is said so and scanning goes on.
import { useId } from 'react';
import type { ContactEntry } from '../../../protocol/ipc-contract';
import type { OpenQrCamera } from '../../contacts/qr-camera';
import { scanCard } from '../../contacts/qr-scan';
import { useT } from '../../i18n/use-t';
import { Modal } from '../../ui/Modal';
import type { QrContent } from '../../ui/qr-decode';
import { type CodeOutcome, QrScanner } from '../qr-scan/QrScanner';
import { addContact, errorText } from './contact-actions';

interface QrScanDialogProps {
  onClose(): void;
  onAdded(entry: ContactEntry): void;
  /** The real camera unless a test passes frames of its own. */
  openCamera?: OpenQrCamera;
}

const MESSAGES = { looking: 'contacts.scanLooking', checking: 'contacts.scanChecking', cameraFallback: 'contacts.scanPasteInstead', preview: 'contacts.scanPreview' } as const;

export function QrScanDialog({ onClose, onAdded, openCamera }: QrScanDialogProps) {
  const t = useT();
  const hintId = useId();
  const onCode = (code: QrContent): CodeOutcome | Promise<CodeOutcome> => {
    const scan = scanCard(code);
    if (scan.kind !== 'card') return { kind: 'other', message: 'contacts.scanNotCard' };
    return addContact(scan.link).then(
      (entry): CodeOutcome => {
        onAdded(entry);
        return { kind: 'done' };
      },
      (error: unknown): CodeOutcome => ({ kind: 'refused', message: t('contacts.addFailed', { reason: errorText(error) }) }),
    );
  };
  return (
    <Modal title={t('contacts.scanTitle')} onClose={onClose} describedBy={hintId} className="modal-wide">
      <p id={hintId} className="small">{t('contacts.scanHint')}</p>
      <QrScanner onCode={onCode} messages={MESSAGES} {...(openCamera ? { openCamera } : {})} />
      <div className="button-row">
        <button type="button" className="button secondary" onClick={onClose}>{t('common.close')}</button>
      </div>
    </Modal>
  );
}
