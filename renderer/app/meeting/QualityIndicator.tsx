import type { ConnectionQuality } from '../../call/call-store';
import { useT } from '../../i18n/use-t';
import { SignalIcon } from '../../ui/icons';

const LEVEL: Record<ConnectionQuality, 0 | 1 | 2 | 3> = { good: 3, fair: 2, poor: 1, unknown: 0 };

export function QualityIndicator({ quality }: { quality: ConnectionQuality }) {
  const t = useT();
  const label = t(`quality.${quality}`);
  return (
    <span className={`quality quality-${quality}`} title={label}>
      <SignalIcon level={LEVEL[quality]} />
      <span className="visually-hidden">{label}</span>
    </span>
  );
}
