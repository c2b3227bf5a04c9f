// Verifying a person by QR, as Signal does: our code (Signal's scannable payload of the safety
// number, PROTOCOL.md §9.1) for them to scan, and the camera to scan theirs. A code that is the
// mirror image of ours marks them verified ("qr-code"); another says plainly that it does not match.
import { useId, useMemo, useState } from 'react';
import { callController } from '../../call/call-store';
import { useT } from '../../i18n/use-t';
import { Modal } from '../../ui/Modal';
import { QrCode } from '../../ui/QrCode';
import type { QrContent } from '../../ui/qr-decode';
import { type CodeOutcome, QrScanner } from '../qr-scan/QrScanner';

const MESSAGES = { looking: 'verify.scanLooking', checking: 'verify.scanChecking', cameraFallback: 'verify.scanFallback', preview: 'verify.scanPreview' } as const;

export function VerifyByQr({ peerId, name }: { peerId: string; name: string }) {
  const t = useT();
  const hintId = useId();
  const code = useMemo(() => callController().scannableCode(peerId), [peerId]);
  const [scanning, setScanning] = useState(false);
  const [matched, setMatched] = useState(false);
  const onCode = async (scanned: QrContent): Promise<CodeOutcome> => {
    const verdict = await callController().checkScannedCode(peerId, scanned.bytes);
    if (verdict === 'not-a-safety-code') return { kind: 'other', message: 'verify.scanNotSafety' };
    if (verdict === 'mismatch') return { kind: 'refused', message: t('verify.scanMismatch', { name }) };
    setMatched(true);
    setScanning(false);
    return { kind: 'done' };
  };
  if (!code) return null;
  return (
    <>
      <QrCode text={code} label={t('verify.qrOf', { name })} size={176} />
      <button type="button" className="button small secondary" onClick={() => setScanning(true)}>{t('verify.scan', { name })}</button>
      {matched && <p role="status" className="small">{t('verify.scanMatched', { name })}</p>}
      {scanning && (
        <Modal title={t('verify.scanTitle', { name })} onClose={() => setScanning(false)} describedBy={hintId} className="modal-wide">
          <p id={hintId} className="small">{t('verify.scanHint', { name })}</p>
          <QrScanner onCode={onCode} messages={MESSAGES} />
          <div className="button-row">
            <button type="button" className="button secondary" onClick={() => setScanning(false)}>{t('common.close')}</button>
          </div>
        </Modal>
      )}
    </>
  );
}
