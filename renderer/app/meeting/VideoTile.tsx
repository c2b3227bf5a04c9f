// One remote participant. Subscribes to its own peer only, so a change elsewhere in the call
// does not re-render it (see VideoTile.test.tsx).
import { memo } from 'react';
import { useCallStore } from '../../call/call-store';
import { useT } from '../../i18n/use-t';
import { CrownIcon, MicOffIcon } from '../../ui/icons';
import { initials } from './initials';
import { OrganisationTag } from './OrganisationBadge';
import { QualityIndicator } from './QualityIndicator';
import { StreamVideo } from './StreamVideo';
import { TrustBadge } from './TrustBadge';

export const VideoTile = memo(function VideoTile({ peerId }: { peerId: string }) {
  const t = useT();
  const participant = useCallStore((s) => s.participants[peerId]);
  const isActiveSpeaker = useCallStore((s) => s.activeSpeaker === peerId);
  if (!participant) return null;
  const showVideo = participant.stream !== null && !participant.videoMuted;
  const classes = ['tile', participant.speaking ? 'speaking' : '', isActiveSpeaker ? 'active-speaker' : ''].filter(Boolean).join(' ');
  return (
    <figure className={classes} aria-label={participant.displayName} data-peer={peerId}>
      {participant.stream && <StreamVideo stream={participant.stream} hidden={!showVideo} />}
      {!showVideo && (
        <div className="avatar" aria-hidden="true">
          {initials(participant.displayName)}
        </div>
      )}
      {participant.connectionProblem && (
        <p className="tile-problem" role="status" data-problem={participant.connectionProblem}>
          {t(participant.connectionProblem === 'no-direct-path' ? 'call.noDirectPath' : 'call.connectionFailed', { name: participant.displayName })}
        </p>
      )}
      <figcaption className="tile-caption">
        <span className="tile-name">
          {participant.isHost && (
            <span className="host-mark" title={t('participants.host')}>
              <CrownIcon />
              <span className="visually-hidden">{t('participants.host')}</span>
            </span>
          )}
          {participant.displayName}
          {participant.joinedAs !== null && <span className="tile-renamed">{t('tile.joinedAs', { name: participant.joinedAs })}</span>}
          <OrganisationTag badge={participant.organisation} />
        </span>
        {participant.audioMuted && (
          <span className="tile-muted" title={t('tile.micOff')}>
            <MicOffIcon />
            <span className="visually-hidden">{t('tile.micOff')}</span>
          </span>
        )}
        {participant.videoMuted && <span className="visually-hidden">{t('tile.cameraOff')}</span>}
        {participant.speaking && <span className="speaking-dot" title={t('tile.speaking')}><span className="visually-hidden">{t('tile.speaking')}</span></span>}
        <QualityIndicator quality={participant.quality} />
        <TrustBadge e2ee={participant.e2ee} verification={participant.verification} compact />
      </figcaption>
    </figure>
  );
});
