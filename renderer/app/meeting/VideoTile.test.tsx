import { act, cleanup, render, screen } from '@testing-library/react';
import { Profiler } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initialCallState, useCallStore } from '../../call/call-store';
import type { Participant } from '../../call/call-store';
import { CallTopBar } from './CallTopBar';
import { VideoTile } from './VideoTile';

function person(peerId: string, displayName: string, extra: Partial<Participant> = {}): Participant {
  return {
    peerId, displayName, joinedAs: null, identityKeyHex: '00', safetyNumber: '0'.repeat(60), verification: 'unverified', trustWarning: null, isHost: false,
    audioMuted: false, videoMuted: false, speaking: false, quality: 'good', e2ee: true, stream: null, screenStream: null, connectionProblem: null,
    stats: { rttMs: null, sendBitrateKbps: null, receiveBitrateKbps: null, packetLossPercent: null, framesDecoded: 0, framesSent: 0, decryptFailures: 0, route: null, candidateTypes: null, videoSend: 'full' },
    ...extra,
  };
}

const patch = (peerId: string, change: Partial<Participant>) =>
  act(() => useCallStore.setState((s) => ({ participants: { ...s.participants, [peerId]: { ...s.participants[peerId]!, ...change } } })));

beforeEach(() => {
  useCallStore.setState(
    { ...initialCallState, phase: 'in-call', participants: { a: person('a', 'Grace Hopper'), b: person('b', 'Alan Turing') }, order: ['a', 'b'] },
    true,
  );
});
afterEach(cleanup);

describe('VideoTile', () => {
  it('re-renders only for its own peer', () => {
    const renders = { a: 0, b: 0 };
    render(
      <>
        <Profiler id="a" onRender={() => renders.a++}><VideoTile peerId="a" /></Profiler>
        <Profiler id="b" onRender={() => renders.b++}><VideoTile peerId="b" /></Profiler>
      </>,
    );
    const start = { ...renders };
    patch('b', { audioMuted: true });
    patch('b', { quality: 'poor' });
    expect(renders.a).toBe(start.a);
    expect(renders.b).toBe(start.b + 2);
    act(() => useCallStore.setState({ chat: [{ id: '1', fromPeerId: 'b', displayName: 'Alan Turing', text: 'hi', sentAt: 0 }], unreadChat: 1 }));
    expect(renders).toEqual({ a: start.a, b: start.b + 2 });
  });

  it('re-renders the two tiles whose active-speaker state changes, not the others', () => {
    useCallStore.setState((s) => ({ participants: { ...s.participants, c: person('c', 'Hedy Lamarr') }, order: [...s.order, 'c'] }));
    const renders = { a: 0, b: 0, c: 0 };
    render(
      <>
        <Profiler id="a" onRender={() => renders.a++}><VideoTile peerId="a" /></Profiler>
        <Profiler id="b" onRender={() => renders.b++}><VideoTile peerId="b" /></Profiler>
        <Profiler id="c" onRender={() => renders.c++}><VideoTile peerId="c" /></Profiler>
      </>,
    );
    act(() => useCallStore.setState({ activeSpeaker: 'a' }));
    const afterFirst = { ...renders };
    act(() => useCallStore.setState({ activeSpeaker: 'b' }));
    expect(renders).toEqual({ a: afterFirst.a + 1, b: afterFirst.b + 1, c: afterFirst.c });
  });

  it('shows name, mute state, quality and trust for screen readers', () => {
    useCallStore.setState((s) => ({ participants: { ...s.participants, a: person('a', 'Grace Hopper', { audioMuted: true, quality: 'poor', verification: 'verified' }) } }));
    render(<VideoTile peerId="a" />);
    const tile = screen.getByRole('figure', { name: 'Grace Hopper' });
    expect(tile.textContent).toContain('Microphone off');
    expect(tile.textContent).toContain('Connection poor');
    expect(tile.textContent).toContain('Encrypted and verified');
  });

  it('warns when media is not encrypted or the key changed', () => {
    useCallStore.setState((s) => ({ participants: { ...s.participants, a: person('a', 'Grace Hopper', { e2ee: false }), b: person('b', 'Alan Turing', { verification: 'changed' }) } }));
    render(
      <>
        <VideoTile peerId="a" />
        <VideoTile peerId="b" />
      </>,
    );
    expect(screen.getByRole('figure', { name: 'Grace Hopper' }).textContent).toContain('Not encrypted yet');
    expect(screen.getByRole('figure', { name: 'Alan Turing' }).textContent).toContain('Safety number changed');
  });

  it('shows initials when the camera is off and marks the active speaker', () => {
    useCallStore.setState((s) => ({ participants: { ...s.participants, a: person('a', 'Grace Hopper', { videoMuted: true }) }, activeSpeaker: 'a' }));
    render(<VideoTile peerId="a" />);
    const tile = screen.getByRole('figure', { name: 'Grace Hopper' });
    expect(tile.textContent).toContain('GH');
    expect(tile.className).toContain('active-speaker');
  });

  it('shows the name someone joined as after they took another', () => {
    render(<VideoTile peerId="a" />);
    patch('a', { displayName: 'Bob', joinedAs: 'Grace Hopper' });
    expect(screen.getByRole('figure', { name: 'Bob' }).textContent).toContain('joined as Grace Hopper');
  });

  it('the top pill is green only when everyone decrypts and no safety number changed', () => {
    render(<CallTopBar />);
    expect(screen.getByText('End-to-end encrypted')).toBeTruthy();
    patch('b', { verification: 'changed' });
    expect(screen.queryByText('End-to-end encrypted')).toBeNull();
    expect(screen.getByText('Safety number changed')).toBeTruthy();
    patch('b', { verification: 'unverified', e2ee: false });
    expect(screen.queryByText('End-to-end encrypted')).toBeNull();
  });
});
