// The one statement of what the relay and the other participants learn (protocol/privacy-statement.ts),
// in the person's language: on Home and in the privacy dashboard, word for word as in the report.
import { PRIVACY_STATEMENT } from '../../../protocol/privacy-statement';
import { useLanguage } from '../settings-store';

export function WhoLearnsWhat() {
  const statement = PRIVACY_STATEMENT[useLanguage()];
  return (
    <div className="who-learns-what" data-testid="who-learns-what">
      <p>{statement.relay}</p>
      <p>{statement.participants}</p>
    </div>
  );
}
