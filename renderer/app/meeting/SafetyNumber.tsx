import { useT } from '../../i18n/use-t';
import { safetyNumberGroups } from './safety-number';

export function SafetyNumber({ digits, label }: { digits: string; label: string }) {
  const t = useT();
  let groups: string[];
  try {
    groups = safetyNumberGroups(digits);
  } catch {
    return <p className="muted small">{t('verify.unavailable')}</p>;
  }
  return (
    <ol className="safety-number" aria-label={label}>
      {groups.map((group, index) => <li key={index}>{group}</li>)}
    </ol>
  );
}
