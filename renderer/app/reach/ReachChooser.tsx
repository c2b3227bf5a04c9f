// "How others reach your meetings" (docs/ARCHITECTURE.md): a relay server (the organisation's, or
// one the person enters, checked on the spot), this local network, or this computer only. Shown in
// Settings and, until a choice works for other people, from the home screen.
import { useEffect, useId, useState } from 'react';
import type { RelayHosting } from '../../../protocol/ipc-contract';
import { normalizeRelayUrl } from '../../../protocol/room/relay-address';
import { browserProbeDeps, checkReachability } from '../../call/reachability';
import type { RelayHostingReachability } from '../../call/reachability-verdict';
import { useT } from '../../i18n/use-t';
import type { MessageKey } from '../../i18n/i18n';
import { LockIcon } from '../../ui/icons';
import { parleyApi } from '../../parley-api';
import { saveRelayUrl } from '../settings-sync';
import { useRelayHosting } from './hosting-store';
import { ReachabilityResult } from './ReachabilityResult';

type Choice = 'relay' | 'local-network' | 'this-computer';

function choiceOf(hosting: RelayHosting): Choice {
  return hosting.reach === 'organisation' ? 'relay' : hosting.reach;
}

const PROBLEM_TEXT: Record<NonNullable<RelayHosting['localNetworkProblem']>, MessageKey> = {
  'no-local-address': 'reach.lan.noAddress',
  'port-unavailable': 'reach.lan.portBusy',
  'not-available': 'reach.lan.notAvailable',
};

/** The sentence that says how others reach this person's meetings now. */
export function ReachStatus({ hosting }: { hosting: RelayHosting }) {
  const t = useT();
  if (hosting.reach === 'local-network') {
    return hosting.localNetworkProblem
      ? <p className="notice warning" role="status">{t('reach.status.lanProblem')} {t(PROBLEM_TEXT[hosting.localNetworkProblem])}</p>
      : <p className="small" role="status">{t('reach.status.lan', { url: hosting.relayUrl ?? '' })}</p>;
  }
  if (hosting.reach === 'this-computer') return <p className="notice warning" role="status">{t('reach.status.thisComputer')}</p>;
  return <p className="small" role="status">{t(hosting.reach === 'organisation' ? 'reach.status.organisation' : 'reach.status.relay', { url: hosting.relayUrl ?? '' })}</p>;
}

export function ReachChooser({ onSaved }: { onSaved?: () => void }) {
  const t = useT();
  const groupId = useId();
  const relayId = useId();
  const { hosting, localNetworkLocked, relayLocked, refresh } = useRelayHosting();
  const [choice, setChoice] = useState<Choice>('this-computer');
  const [relayDraft, setRelayDraft] = useState('');
  const [problem, setProblem] = useState<MessageKey | null>(null);
  const [checking, setChecking] = useState(false);
  const [check, setCheck] = useState<RelayHostingReachability | null>(null);

  useEffect(() => void refresh(), [refresh]);
  useEffect(() => {
    if (!hosting) return;
    setChoice(choiceOf(hosting));
    if (hosting.reach === 'relay' || hosting.reach === 'organisation') setRelayDraft(hosting.relayUrl ?? '');
  }, [hosting]);

  if (!hosting) return <p className="muted" aria-busy="true">{t('reach.loading')}</p>;

  async function apply(next: Choice) {
    setProblem(null);
    setCheck(null);
    try {
      if (next === 'relay') {
        let url: string;
        try {
          url = normalizeRelayUrl(relayDraft.trim());
        } catch {
          setProblem('reach.relay.invalid');
          return;
        }
        // Checked on the spot: a relay nobody can reach would give out dead links.
        setChecking(true);
        const result = await checkReachability(url, browserProbeDeps());
        setChecking(false);
        setCheck(result);
        if (result.verdict === 'relay-unreachable') return;
        const saved = await saveRelayUrl(url);
        if (saved !== 'saved') {
          setProblem(saved === 'not-allowed' ? 'settings.relayNotAllowed' : saved === 'locked' ? 'settings.managed' : 'settings.saveFailed');
          return;
        }
        if (!localNetworkLocked) await parleyApi().updateSettings({ hostOnLocalNetwork: false });
      } else if (next === 'local-network') {
        await parleyApi().updateSettings({ hostOnLocalNetwork: true });
      } else {
        const changes = { ...(localNetworkLocked ? {} : { hostOnLocalNetwork: false }), ...(relayLocked ? {} : { relayUrl: null }) };
        await parleyApi().updateSettings(changes);
      }
      await refresh();
      onSaved?.();
    } catch {
      setChecking(false);
      setProblem('settings.saveFailed');
    }
  }

  const organisation = hosting.reach === 'organisation';
  return (
    <div className="reach-chooser">
      <fieldset className="choice-group" aria-describedby={`${groupId}-status`}>
        <legend>{t('reach.legend')}</legend>
        <label className="choice">
          <input type="radio" name={groupId} value="relay" checked={choice === 'relay'} disabled={relayLocked && !organisation} onChange={() => setChoice('relay')} />
          <span>
            <strong>{t('reach.relay.label')}</strong>
            <span className="field-hint">{t('reach.relay.hint')}</span>
          </span>
        </label>
        {choice === 'relay' && (
          <div className="field nested">
            <label htmlFor={relayId}>{t('settings.relay')}</label>
            {relayLocked ? (
              <>
                <input id={relayId} className="mono" type="text" readOnly aria-readonly="true" value={relayDraft} />
                <p className="managed"><LockIcon />{t('settings.managed')}</p>
              </>
            ) : (
              <div className="inline-field">
                <input
                  id={relayId}
                  className="mono"
                  type="url"
                  spellCheck={false}
                  value={relayDraft}
                  placeholder="wss://relay.example.org"
                  aria-invalid={problem === 'reach.relay.invalid' || undefined}
                  onChange={(e) => {
                    setRelayDraft(e.target.value);
                    setProblem(null);
                    setCheck(null);
                  }}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') void apply('relay');
                  }}
                />
                <button type="button" className="button secondary" disabled={checking} onClick={() => void apply('relay')}>
                  {checking ? t('reach.relay.checking') : t('reach.relay.checkAndSave')}
                </button>
              </div>
            )}
          </div>
        )}
        <label className="choice">
          <input type="radio" name={groupId} value="local-network" checked={choice === 'local-network'} disabled={localNetworkLocked} onChange={() => { setChoice('local-network'); void apply('local-network'); }} />
          <span>
            <strong>{t('reach.lan.label')}</strong>
            <span className="field-hint">{t('reach.lan.hint')}</span>
          </span>
        </label>
        <label className="choice">
          <input type="radio" name={groupId} value="this-computer" checked={choice === 'this-computer'} disabled={relayLocked && localNetworkLocked} onChange={() => { setChoice('this-computer'); void apply('this-computer'); }} />
          <span>
            <strong>{t('reach.local.label')}</strong>
            <span className="field-hint">{t('reach.local.hint')}</span>
          </span>
        </label>
        {(localNetworkLocked || relayLocked) && <p className="managed"><LockIcon />{t('reach.managed')}</p>}
      </fieldset>
      <div id={`${groupId}-status`}>
        <ReachStatus hosting={hosting} />
      </div>
      {problem && <p className="field-error" role="alert">{t(problem)}</p>}
      {check && <ReachabilityResult result={check} />}
    </div>
  );
}
