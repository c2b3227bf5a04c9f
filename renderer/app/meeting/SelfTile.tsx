// Our own camera, mirrored, never played back.
import { useCallStore } from '../../call/call-store';
import { useT } from '../../i18n/use-t';
import { MicOffIcon } from '../../ui/icons';
import { initials } from './initials';
import { StreamVideo } from './StreamVideo';

export function SelfTile() {
  const t = useT();
  const self = useCallStore((s) => s.self);
  const showVideo = self.stream !== null && !self.videoMuted;
  const name = t('tile.selfName', { name: self.displayName });
  return (
    <figure className="tile self" aria-label={name}>
      {self.stream && <StreamVideo stream={self.stream} local hidden={!showVideo} />}
      {!showVideo && <div className="avatar" aria-hidden="true">{initials(self.displayName)}</div>}
      <figcaption className="tile-caption">
        <span className="tile-name">{name}</span>
        {self.audioMuted && (
          <span className="tile-muted" title={t('tile.micOff')}>
            <MicOffIcon />
            <span className="visually-hidden">{t('tile.micOff')}</span>
          </span>
        )}
      </figcaption>
    </figure>
  );
}
