// A participant's shared screen, shown as the main tile.
import { useCallStore } from '../../call/call-store';
import { useT } from '../../i18n/use-t';
import { StreamVideo } from './StreamVideo';

export function ScreenShareTile({ peerId }: { peerId: string }) {
  const t = useT();
  const stream = useCallStore((s) => s.participants[peerId]?.screenStream ?? null);
  const name = useCallStore((s) => s.participants[peerId]?.displayName ?? '');
  if (!stream) return null;
  const label = t('tile.screenOf', { name });
  return (
    <figure className="tile screen" aria-label={label}>
      <StreamVideo stream={stream} className="contain" />
      <figcaption className="tile-caption"><span className="tile-name">{label}</span></figcaption>
    </figure>
  );
}
