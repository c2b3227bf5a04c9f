// The camera preview that reads QR codes, shared by "add a contact" and "verify a person": frames
// are decoded a few times a second until the caller says a code was the one it wanted. Every
// state says what is happening: camera starting, denied or missing, no code yet, a code of
// another kind, a code being checked, a code that was refused (not tried again while in view).
import { useEffect, useRef, useState } from 'react';
import { type OpenQrCamera, type QrCamera, openQrCamera } from '../../contacts/qr-camera';
import type { MessageKey } from '../../i18n/i18n';
import { useT } from '../../i18n/use-t';
import { decodeQr } from '../../ui/qr-decode';
import type { QrContent } from '../../ui/qr-decode';
import { mediaErrorKey } from '../prejoin/media-errors';

/** How often a frame is decoded: often enough to feel instant, light on a shared CPU. */
export const SCAN_INTERVAL_MS = 200;

/** What the caller made of a code in view. */
export type CodeOutcome =
  /** The one it wanted: scanning stops and the camera is released. */
  | { kind: 'done' }
  /** A code of another kind: keep looking, and say so. */
  | { kind: 'other'; message: MessageKey }
  /** Checked and refused: keep looking; this code is not tried again while it stays in view. */
  | { kind: 'refused'; message: string };

export interface QrScannerProps {
  /** A code in view; a promise while it is being checked (the status says so meanwhile). */
  onCode(code: QrContent): CodeOutcome | Promise<CodeOutcome>;
  messages: { looking: MessageKey; checking: MessageKey; cameraFallback: MessageKey; preview: MessageKey };
  /** The real camera unless a test passes frames of its own. */
  openCamera?: OpenQrCamera;
}

type ScanState =
  | { phase: 'starting' }
  | { phase: 'camera-error'; message: MessageKey }
  | { phase: 'scanning'; notice: null | { kind: 'other'; message: MessageKey } | { kind: 'refused'; message: string } }
  | { phase: 'checking' };

const codeKey = (code: QrContent) => Array.from(code.bytes).join(',');

export function QrScanner({ onCode, messages, openCamera = openQrCamera }: QrScannerProps) {
  const t = useT();
  const videoRef = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<ScanState>({ phase: 'starting' });
  // The latest callback, so the scan loop (started once) never calls a stale one.
  const onCodeRef = useRef(onCode);
  onCodeRef.current = onCode;

  useEffect(() => {
    let camera: QrCamera | null = null;
    let timer: ReturnType<typeof setInterval> | undefined;
    let closed = false;
    let checking = false;
    let refused: string | null = null;
    const release = () => {
      clearInterval(timer);
      camera?.stop();
      camera = null;
    };
    const settle = (outcome: CodeOutcome, key: string) => {
      if (outcome.kind === 'done') return release();
      if (closed) return;
      if (outcome.kind === 'refused') refused = key;
      setState({ phase: 'scanning', notice: outcome });
    };
    const tick = () => {
      if (checking || !camera) return;
      const frame = camera.grab();
      const code = frame && decodeQr(frame);
      if (!code || codeKey(code) === refused) return;
      const key = codeKey(code);
      const outcome = onCodeRef.current(code);
      if (!(outcome instanceof Promise)) return settle(outcome, key);
      checking = true;
      setState({ phase: 'checking' });
      outcome.then(
        (result) => settle(result, key),
        (error: unknown) => settle({ kind: 'refused', message: error instanceof Error ? error.message : String(error) }, key),
      ).finally(() => {
        checking = false;
      });
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
    <>
      <video ref={videoRef} className="qr-scan-video" aria-label={t(messages.preview)} autoPlay playsInline muted hidden={state.phase === 'starting' || state.phase === 'camera-error'} />
      <ScanStatus state={state} messages={messages} />
    </>
  );
}

function ScanStatus({ state, messages }: { state: ScanState; messages: QrScannerProps['messages'] }) {
  const t = useT();
  switch (state.phase) {
    case 'starting':
      return <p role="status" className="small">{t('contacts.scanStarting')}</p>;
    case 'checking':
      return <p role="status" className="small">{t(messages.checking)}</p>;
    case 'camera-error':
      return (
        <div role="alert" className="small">
          <p>{t(state.message)}</p>
          <p>{t(messages.cameraFallback)}</p>
        </div>
      );
    case 'scanning':
      if (state.notice?.kind === 'refused') return <p role="alert" className="small">{state.notice.message}</p>;
      return <p role="status" className="small">{t(state.notice?.kind === 'other' ? state.notice.message : messages.looking)}</p>;
  }
}
