// Responsive grid of tiles; a shared screen becomes the main tile with people in a strip.
import { useCallStore } from '../../call/call-store';
import { useT } from '../../i18n/use-t';
import { ScreenShareTile } from './ScreenShareTile';
import { SelfTile } from './SelfTile';
import { VideoTile } from './VideoTile';

export function VideoGrid() {
  const t = useT();
  const order = useCallStore((s) => s.order);
  const presenter = useCallStore((s) => s.order.find((id) => s.participants[id]?.screenStream) ?? null);
  const tiles = (
    <>
      {order.map((peerId) => <VideoTile key={peerId} peerId={peerId} />)}
      <SelfTile />
    </>
  );
  if (presenter) {
    return (
      <section className="stage presenting" aria-label={t('call.stageLabel')}>
        <ScreenShareTile peerId={presenter} />
        <div className="filmstrip">{tiles}</div>
      </section>
    );
  }
  return (
    <section className="stage" aria-label={t('call.stageLabel')}>
      <div className="grid" data-count={Math.min(order.length + 1, 9)}>{tiles}</div>
    </section>
  );
}
