// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { initialCallState } from '../call/call-store';
import type { CallState, LobbyEntry, Participant } from '../call/call-store';
import { useCallStore } from '../call/call-store';
import { JOIN_QUIET_MS, callEventsBetween, watchCallEvents } from './call-events';
import { useUiStore } from './ui-store';

function person(peerId: string, displayName: string, extra: Partial<Participant> = {}): Participant {
  return {
    peerId, displayName, joinedAs: null, identityKeyHex: '00', safetyNumber: '0'.repeat(60), verification: 'unverified', trustWarning: null, isHost: false,
    audioMuted: false, videoMuted: false, speaking: false, quality: 'good', e2ee: true, stream: null, screenStream: null, connectionProblem: null,
    stats: { rttMs: null, sendBitrateKbps: null, receiveBitrateKbps: null, packetLossPercent: null, framesDecoded: 0, framesSent: 0, decryptFailures: 0, route: null, candidateTypes: null, videoSend: 'full' },
    ...extra,
  };
}

function call(people: Participant[], extra: Partial<CallState> = {}): CallState {
  return { ...initialCallState, phase: 'in-call', participants: Object.fromEntries(people.map((p) => [p.peerId, p])), order: people.map((p) => p.peerId), ...extra };
}

const grace = person('a', 'Grace');
const alan = person('b', 'Alan');

describe('callEventsBetween', () => {
  it('announces joins and leaves', () => {
    expect(callEventsBetween(call([grace]), call([grace, alan]))).toEqual([{ tone: 'info', key: 'toast.joined', params: { name: 'Alan' } }]);
    expect(callEventsBetween(call([grace, alan]), call([alan]))).toEqual([{ tone: 'info', key: 'toast.left', params: { name: 'Grace' } }]);
  });

  it('tells everyone when someone takes another name after admission', () => {
    const renamed = call([{ ...grace, displayName: 'Gráce', joinedAs: 'Grace' }]);
    expect(callEventsBetween(call([grace]), renamed)).toEqual([{ tone: 'warning', key: 'toast.renamed', params: { before: 'Grace', name: 'Gráce' } }]);
    expect(callEventsBetween(renamed, call([{ ...grace, displayName: 'Gráce', joinedAs: 'Grace', speaking: true }]))).toEqual([]);
  });

  it('warns once when a safety number changes', () => {
    const changed = call([{ ...grace, verification: 'changed' }]);
    expect(callEventsBetween(call([grace]), changed)).toEqual([{ tone: 'warning', key: 'toast.keyChanged', params: { name: 'Grace' } }]);
    expect(callEventsBetween(changed, call([{ ...grace, verification: 'changed', speaking: true }]))).toEqual([]);
  });

  it('tells only the host about new knocks', () => {
    const knock: LobbyEntry = { peerId: 'k', displayName: 'Hedy', safetyNumber: '1'.repeat(60), removedEarlier: false, verification: 'unverified', trustWarning: null };
    expect(callEventsBetween(call([], { isHost: true }), call([], { isHost: true, lobby: [knock] }))).toEqual([
      { tone: 'info', key: 'toast.knocking', params: { name: 'Hedy' } },
    ]);
    expect(callEventsBetween(call([]), call([], { lobby: [knock] }))).toEqual([]);
  });

  it('tells a member that the host role came to it, once', () => {
    expect(callEventsBetween(call([grace]), call([grace], { isHost: true }))).toEqual([{ tone: 'info', key: 'toast.nowHost' }]);
    expect(callEventsBetween(call([grace], { isHost: true }), call([grace, alan], { isHost: true }))).toEqual([{ tone: 'info', key: 'toast.joined', params: { name: 'Alan' } }]);
    expect(callEventsBetween({ ...call([]), phase: 'joining' }, call([], { isHost: true }))).toEqual([]);
  });

  it('stays quiet while joining: the first member list is not a stream of joins', () => {
    expect(callEventsBetween(call([], { phase: 'joining' }), call([grace, alan]))).toEqual([]);
    expect(callEventsBetween(call([grace, alan]), call([], { phase: 'left' }))).toEqual([]);
  });
});

describe('watchCallEvents', () => {
  it('does not announce the people already there when one enters a call, but does announce later joins', () => {
    let clock = 1_000_000;
    useCallStore.setState({ ...initialCallState, phase: 'joining' }, true);
    useUiStore.setState({ toasts: [] });
    const stop = watchCallEvents(() => clock);
    useCallStore.setState(call([]));
    clock += 500;
    useCallStore.setState(call([grace]));
    expect(useUiStore.getState().toasts).toEqual([]);
    clock += JOIN_QUIET_MS;
    useCallStore.setState(call([grace, alan]));
    expect(useUiStore.getState().toasts.map((t) => t.params)).toEqual([{ name: 'Alan' }]);
    stop();
  });
});
