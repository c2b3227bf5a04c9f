import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initialCallState, useCallStore } from '../../call/call-store';
import type { Participant } from '../../call/call-store';
import { ParticipantRow } from './ParticipantRow';

function grace(extra: Partial<Participant>): Participant {
  return {
    peerId: 'g', displayName: 'Grace Hopper', joinedAs: null, identityKeyHex: '00', safetyNumber: '1'.repeat(60), verification: 'unverified', trustWarning: null, isHost: false,
    audioMuted: false, videoMuted: false, speaking: false, quality: 'good', e2ee: true, stream: null, screenStream: null, connectionProblem: null,
    stats: { rttMs: 12, sendBitrateKbps: 980, receiveBitrateKbps: null, packetLossPercent: 0.5, framesDecoded: 431, framesSent: 0, decryptFailures: 2, route: null, candidateTypes: null, videoSend: 'full' },
    ...extra,
  };
}

beforeEach(() => useCallStore.setState({ ...initialCallState, phase: 'in-call', participants: { g: grace({}) }, order: ['g'] }, true));
afterEach(cleanup);

describe('connection details', () => {
  it('shows the live numbers for one participant, with a dash for what is not known yet', () => {
    render(<ul><ParticipantRow peerId="g" /></ul>);
    fireEvent.click(screen.getByRole('button', { name: 'Connection details for Grace Hopper' }));
    const details = within(screen.getByRole('region', { name: 'Connection with Grace Hopper' }));
    const value = (label: string) => details.getByText(label).nextElementSibling?.textContent;
    expect(value('Round trip')).toBe('12 ms');
    expect(value('Sending')).toBe('980 kbit/s');
    expect(value('Receiving')).toBe('–');
    expect(value('Packet loss')).toBe('0.5 %');
    expect(value('Video frames decoded')).toBe('431');
    expect(value('Video frames sent')).toBe('0');
    expect(value('Frames that failed to decrypt')).toBe('2');
    expect(value('Media encryption')).toBe('On (SFrame, AES-256-GCM)');
    expect(value('Route')).toBe('–');
    expect(value('Video we send')).toBe('Full resolution');
  });

  it('says when media goes through TURN and when low bandwidth paused our video', () => {
    render(<ul><ParticipantRow peerId="g" /></ul>);
    fireEvent.click(screen.getByRole('button', { name: 'Connection details for Grace Hopper' }));
    act(() => useCallStore.setState({ participants: { g: grace({ stats: { ...grace({}).stats, route: 'relayed', videoSend: 'audio-only' } }) } }));
    const details = within(screen.getByRole('region', { name: 'Connection with Grace Hopper' }));
    expect(details.getByText('Route').nextElementSibling?.textContent).toBe('Through a TURN server');
    expect(details.getByText('Video we send').nextElementSibling?.textContent).toBe('Paused, audio only (low bandwidth)');
  });

  it('follows the store as new samples arrive', () => {
    render(<ul><ParticipantRow peerId="g" /></ul>);
    fireEvent.click(screen.getByRole('button', { name: 'Connection details for Grace Hopper' }));
    act(() => useCallStore.setState({ participants: { g: grace({ e2ee: false, stats: { ...grace({}).stats, framesDecoded: 500 } }) } }));
    expect(screen.getByText('500')).toBeTruthy();
    expect(screen.getByText('No decrypted media yet')).toBeTruthy();
  });
});
