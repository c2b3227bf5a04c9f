// Add a contact by scanning their QR code: the camera preview in a dialog, frames read a few
// times a second until a parley://contact link shows up, which then takes the same
// verify-and-add path as a pasted link. Every state says what is happening: camera starting,
// denied or missing, no code yet, a code that is not a card, a card main refused.
import { useEffect, useId, useRef, useState } from 'react';
import type { ContactEntry } from '../../../protocol/ipc-contract';
import { type OpenQrCamera, type QrCamera, openQrCamera } from '../../contacts/qr-camera';
import { scanFrame } from '../../contacts/qr-scan';
import type { MessageKey } from '../../i18n/i18n';
import { useT } from '../../i18n/use-t';
import { Modal } from '../../ui/Modal';
import { mediaErrorKey } from '../prejoin/media-errors';
import { addContact, errorText } from './contact-actions';

/** How often a frame is decoded: often enough to feel instant, light on a shared CPU. */
export const SCAN_INTERVAL_MS = 200;

type ScanState =
  | { phase: 'starting' }
  | { phase: 'camera-error'; message: MessageKey }
  | { phase: 'scanning'; notice: null | { kind: 'not-a-card' } | { kind: 'refused'; reason: string } }
  | { phase: 'checking' };

interface QrScanDialogProps {
  onClose(): void;
  onAdded(entry: ContactEntry): void;
  /** The real camera unless a test passes frames of its own. */
  openCamera?: OpenQrCamera;
}

export function QrScanDialog({ onClose, onAdded, openCamera = openQrCamera }: QrScanDialogProps) {
  const t = useT();
  const hintId = useId();
  const videoRef = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<ScanState>({ phase: 'starting' });
  // The latest callbacks, so the scan loop (started once) never calls a stale one.
  const onAddedRef = useRef(onAdded);
  onAddedRef.current = onAdded;

  useEffect(() => {
    let camera: QrCamera | null = null;
    let timer: ReturnType<typeof setInterval> | undefined;
    let closed = false;
    let checking = false;
    // A card main refused is not sent again while it stays in view.
    let refusedLink: string | null = null;
    const release = () => {
      clearInterval(timer);
      camera?.stop();
      camera = null;
    };
    const tick = () => {
      if (checking || !camera) return;
      const frame = camera.grab();
      if (!frame) return;
      const scan = scanFrame(frame);
      if (scan.kind === 'other') setState({ phase: 'scanning', notice: { kind: 'not-a-card' } });
      if (scan.kind !== 'card' || scan.link === refusedLink) return;
      checking = true;
      setState({ phase: 'checking' });
      const link = scan.link;
      addContact(link).then(
        (entry) => {
          release();
          if (!closed) onAddedRef.current(entry);
        },
        (error: unknown) => {
          refusedLink = link;
          checking = false;
          if (!closed) setState({ phase: 'scanning', notice: { kind: 'refused', reason: errorText(error) } });
        },
      );
    };
    const video = videoRef.current;
    if (video) {
      openCamera(video).then(
        (opened) => {
          if (closed) return opened.stop();
          camera = opened;
          setState({ phase: 'scanning', notice: null });
          timer = setInterval(tick, SCAN_INTERVAL_MS);
        },
        (error: unknown) => {
          if (!closed) setState({ phase: 'camera-error', message: mediaErrorKey('camera', error) });
        },
      );
    }
    return () => {
      closed = true;
      release();
    };
  }, [openCamera]);

  return (
    <Modal title={t('contacts.scanTitle')} onClose={onClose} describedBy={hintId} className="modal-wide">
      <p id={hintId} className="small">{t('contacts.scanHint')}</p>
      <video ref={videoRef} className="qr-scan-video" aria-label={t('contacts.scanPreview')} autoPlay playsInline muted hidden={state.phase === 'starting' || state.phase === 'camera-error'} />
      <ScanStatus state={state} />
      <div className="button-row">
        <button type="button" className="button secondary" onClick={onClose}>{t('common.close')}</button>
      </div>
    </Modal>
  );
}

function ScanStatus({ state }: { state: ScanState }) {
  const t = useT();
  switch (state.phase) {
    case 'starting':
      return <p role="status" className="small">{t('contacts.scanStarting')}</p>;
    case 'checking':
      return <p role="status" className="small">{t('contacts.scanChecking')}</p>;
    case 'camera-error':
      return (
        <div role="alert" className="small">
          <p>{t(state.message)}</p>
          <p>{t('contacts.scanPasteInstead')}</p>
        </div>
      );
    case 'scanning':
      if (state.notice?.kind === 'refused') return <p role="alert" className="small">{t('contacts.addFailed', { reason: state.notice.reason })}</p>;
      return <p role="status" className="small">{t(state.notice?.kind === 'not-a-card' ? 'contacts.scanNotCard' : 'contacts.scanLooking')}</p>;
  }
}
