// Pre-join: check camera, microphone and speaker, pick devices, fix the name, choose to start
// muted, then go in. Focus starts on the primary action, and Enter in the name field submits.
import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useT } from '../../i18n/use-t';
import { CameraIcon, CameraOffIcon, MicIcon, MicOffIcon } from '../../ui/icons';
import { runCallIntent, runIntent } from '../call-intents';
import { DisplayNameField } from '../DisplayNameField';
import { useSettingsStore } from '../settings-store';
import { useUiStore } from '../ui-store';
import { meetingRelayUrl, parseInvite } from '../../../protocol/room/invite';
import { useRelayHosting } from '../reach/hosting-store';
import { ConnectionCheck } from './ConnectionCheck';
import { DeviceSettings } from './DeviceSettings';
import { MicLevelMeter } from './MicLevelMeter';
import { useMediaDevices } from './use-media-devices';
import { useMediaPreview } from './use-media-preview';

export function PreJoinScreen() {
  const t = useT();
  const intent = useUiStore((s) => s.intent);
  const navigate = useUiStore((s) => s.navigate);
  const settings = useSettingsStore((s) => s.settings);
  const update = useSettingsStore((s) => s.update);
  const hostingRelay = useRelayHosting((s) => s.hosting?.relayUrl ?? null);
  const { devices, refresh } = useMediaDevices();
  const { camera, microphone } = useMediaPreview({
    cameraOn: !settings.startVideoMuted,
    microphoneOn: !settings.startAudioMuted,
    cameraId: settings.cameraId,
    microphoneId: settings.microphoneId,
    onOpened: refresh,
  });
  const videoRef = useRef<HTMLVideoElement>(null);
  const primaryRef = useRef<HTMLButtonElement>(null);
  const [nameMissing, setNameMissing] = useState(false);

  useEffect(() => primaryRef.current?.focus(), []);

  // The meeting's relay connection opens while the person checks camera and microphone; leaving
  // without joining closes it (after Join, the join has taken it over).
  const preparedLink = intent && intent.kind !== 'create' ? intent.inviteLink : null;
  const hasIntent = intent !== null;
  useEffect(() => {
    if (!hasIntent) return;
    void runIntent((controller) => controller.prepareJoin(preparedLink));
    return () => void runIntent((controller) => controller.cancelPreparedJoin());
  }, [hasIntent, preparedLink]);

  useEffect(() => {
    if (videoRef.current) videoRef.current.srcObject = camera.status === 'on' ? camera.stream : null;
  }, [camera]);

  if (!intent) return null;
  const creating = intent.kind === 'create';
  // Opening a meeting scheduled here starts it, as host (its link names us).
  const starting = creating || intent.kind === 'scheduled';
  const name = settings.displayName.trim();
  const relayUrl = creating ? hostingRelay : relayOfLink(intent.inviteLink, hostingRelay);

  function go(event: FormEvent) {
    event.preventDefault();
    if (!intent) return;
    if (!name) {
      setNameMissing(true);
      return;
    }
    void runCallIntent(intent, name);
  }

  return (
    <main className="page prejoin" aria-labelledby="prejoin-title">
      <h1 id="prejoin-title" className="page-title">{intent.kind === 'scheduled' ? t('prejoin.titleScheduled', { title: intent.title }) : creating ? t('prejoin.titleCreate') : t('prejoin.titleJoin')}</h1>
      <div className="prejoin-layout">
        <section className="preview card" aria-label={t('prejoin.previewLabel')}>
          <div className="preview-stage">
            <video ref={videoRef} className="preview-video" data-testid="camera-preview" autoPlay playsInline muted hidden={camera.status !== 'on'} />
            {camera.status !== 'on' && (
              <div className="preview-placeholder">
                <CameraOffIcon />
                <span>{camera.status === 'starting' ? t('prejoin.cameraStarting') : t('prejoin.cameraOff')}</span>
              </div>
            )}
            <span className="preview-name">{name || t('prejoin.you')}</span>
          </div>
          <div className="preview-controls">
            <button
              type="button"
              role="switch"
              aria-checked={!settings.startAudioMuted}
              className={settings.startAudioMuted ? 'round-button off' : 'round-button'}
              onClick={() => update({ startAudioMuted: !settings.startAudioMuted })}
            >
              {settings.startAudioMuted ? <MicOffIcon /> : <MicIcon />}
              <span className="visually-hidden">{t('prejoin.microphone')}</span>
            </button>
            <button
              type="button"
              role="switch"
              aria-checked={!settings.startVideoMuted}
              className={settings.startVideoMuted ? 'round-button off' : 'round-button'}
              onClick={() => update({ startVideoMuted: !settings.startVideoMuted })}
            >
              {settings.startVideoMuted ? <CameraOffIcon /> : <CameraIcon />}
              <span className="visually-hidden">{t('prejoin.camera')}</span>
            </button>
            <MicLevelMeter stream={microphone.status === 'on' ? microphone.stream : null} label={t('prejoin.micLevel')} />
          </div>
          <p className="muted small" aria-live="polite">
            {settings.startAudioMuted ? t('prejoin.joinMicOff') : t('prejoin.joinMicOn')}{' '}
            {settings.startVideoMuted ? t('prejoin.joinCameraOff') : t('prejoin.joinCameraOn')}
          </p>
          {camera.status === 'error' && <p role="alert" className="notice error">{t(camera.messageKey)}</p>}
          {microphone.status === 'error' && <p role="alert" className="notice error">{t(microphone.messageKey)}</p>}
        </section>

        <section className="card prejoin-side" aria-labelledby="prejoin-devices">
          <h2 id="prejoin-devices">{t('prejoin.devices')}</h2>
          <DeviceSettings devices={devices} />
          <ConnectionCheck relayUrl={relayUrl} />
          <form className="prejoin-form" onSubmit={go} noValidate>
            <DisplayNameField missing={nameMissing} onFilled={() => setNameMissing(false)} />
            <div className="button-row">
              <button ref={primaryRef} type="submit" className="button primary large">
                {starting ? t('prejoin.start') : t('prejoin.join')}
              </button>
              <button type="button" className="button ghost" onClick={() => navigate(intent.kind === 'scheduled' ? 'meetings' : 'home')}>
                {t('common.back')}
              </button>
            </div>
          </form>
        </section>
      </div>
    </main>
  );
}

/** The relay the meeting behind this link lives on (Home checked the link before; a bad one: none). */
function relayOfLink(inviteLink: string, ownRelayUrl: string | null): string | null {
  try {
    return meetingRelayUrl(parseInvite(inviteLink), ownRelayUrl);
  } catch {
    return null;
  }
}
