import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { initialCallState, registerCallController, useCallStore } from '../../call/call-store';
import type { CallController, Participant } from '../../call/call-store';
import { ParticipantsPanel } from './ParticipantsPanel';

const DIGITS = '052410739718274396151328073661405285102378460191322657088451931274';

function person(peerId: string, displayName: string, extra: Partial<Participant> = {}): Participant {
  return {
    peerId, displayName, joinedAs: null, identityKeyHex: '00', safetyNumber: DIGITS.slice(0, 60), verification: 'unverified', trustWarning: null, isHost: false,
    audioMuted: false, videoMuted: false, speaking: false, quality: 'good', e2ee: true, stream: null, screenStream: null, connectionProblem: null,
    stats: { rttMs: null, sendBitrateKbps: null, receiveBitrateKbps: null, packetLossPercent: null, framesDecoded: 0, framesSent: 0, decryptFailures: 0, route: null, candidateTypes: null, videoSend: 'full' },
    ...extra,
  };
}

let controller: { [K in keyof CallController]: ReturnType<typeof vi.fn> };

beforeEach(() => {
  controller = {
    createMeeting: vi.fn(), join: vi.fn(), prepareJoin: vi.fn(), cancelPreparedJoin: vi.fn(), switchDevice: vi.fn(), leave: vi.fn(), setMicMuted: vi.fn(), setCameraMuted: vi.fn(), startScreenShare: vi.fn(),
    stopScreenShare: vi.fn(), sendChat: vi.fn(), admit: vi.fn(), deny: vi.fn(), remove: vi.fn(), lockRoom: vi.fn(), setLobbyEnabled: vi.fn(), handOverHost: vi.fn(),
    markVerified: vi.fn(), scannableCode: vi.fn(() => new Uint8Array(74).fill(7)), checkScannedCode: vi.fn(),
    meetingCode: vi.fn(() => ({ groups: ['1111', '2222', '3333', '4444'], people: [{ peerId: 'self', displayName: 'Me', keyCode: '0042' }, { peerId: 'a', displayName: 'Grace Hopper', keyCode: '0815' }] })),
    markVerifiedByMeetingCode: vi.fn(),
  };
  registerCallController(controller as unknown as CallController);
  useCallStore.setState(
    {
      ...initialCallState,
      phase: 'in-call',
      isHost: true,
      self: { ...initialCallState.self, displayName: 'Ada Lovelace' },
      participants: { a: person('a', 'Grace Hopper'), b: person('b', 'Alan Turing', { verification: 'verified' }) },
      order: ['a', 'b'],
      lobby: [
        { peerId: 'k', displayName: 'Hedy Lamarr', safetyNumber: '1234567890'.repeat(6), removedEarlier: false, verification: 'unverified', trustWarning: null },
        { peerId: 'm', displayName: 'Mallory Mayer', safetyNumber: '0987654321'.repeat(6), removedEarlier: true, verification: 'unverified', trustWarning: null },
      ],
    },
    true,
  );
});
afterEach(() => {
  cleanup();
  registerCallController(null);
});

describe('ParticipantsPanel', () => {
  it('lists everyone, self first, with the count in the heading', () => {
    render(<ParticipantsPanel />);
    expect(screen.getByRole('heading', { name: 'People (3)' })).toBeTruthy();
    const items = within(screen.getByRole('list', { name: 'People (3)' })).getAllByRole('listitem').filter((li) => li.parentElement?.className === 'people');
    expect(items).toHaveLength(3);
    expect(items[0]!.textContent).toContain('Ada Lovelace (you)');
  });

  it('shows the safety number in 12 groups of 5 and a QR code when verifying', () => {
    render(<ParticipantsPanel />);
    const button = screen.getByRole('button', { name: 'Verify Grace Hopper' });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(button);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    const groups = within(screen.getByRole('list', { name: 'Safety number with Grace Hopper' })).getAllByRole('listitem').map((li) => li.textContent);
    expect(groups).toEqual(DIGITS.slice(0, 60).match(/\d{5}/g));
    expect(screen.getByRole('img', { name: 'QR code of the safety number with Grace Hopper' })).toBeTruthy();
    // The QR carries the engine's scannable payload (PROTOCOL.md §9.1), not the digits.
    expect(controller.scannableCode).toHaveBeenCalledWith('a');
  });

  it('shows the meeting code; the same code verifies everyone it covers, a different one says what to compare next', async () => {
    render(<ParticipantsPanel />);
    fireEvent.click(screen.getByRole('button', { name: 'Compare the meeting code' }));
    const groups = within(screen.getByRole('list', { name: 'Meeting code' })).getAllByRole('listitem').map((li) => li.textContent);
    expect(groups).toEqual(['1111', '2222', '3333', '4444']);
    fireEvent.click(screen.getByRole('button', { name: 'Someone’s code differs' }));
    expect(screen.getByRole('list', { name: 'Key codes' }).textContent).toContain('Grace Hopper: 0815');
    fireEvent.click(screen.getByRole('button', { name: 'Everyone has the same code' }));
    await screen.findByText('1 person verified by the meeting code.');
    expect(controller.markVerifiedByMeetingCode).toHaveBeenCalledWith(['self', 'a']);
  });

  it('marks a person verified, or removes the mark', () => {
    render(<ParticipantsPanel />);
    fireEvent.click(screen.getByRole('button', { name: 'Verify Grace Hopper' }));
    fireEvent.click(screen.getByRole('button', { name: 'Mark as verified' }));
    expect(controller.markVerified).toHaveBeenCalledWith('a', true);
    fireEvent.click(screen.getByRole('button', { name: 'Verify Alan Turing' }));
    fireEvent.click(screen.getByRole('button', { name: 'Remove verification' }));
    expect(controller.markVerified).toHaveBeenCalledWith('b', false);
  });

  it('warns loudly when a safety number changed', () => {
    useCallStore.setState((s) => ({ participants: { ...s.participants, a: person('a', 'Grace Hopper', { verification: 'changed' }) } }));
    render(<ParticipantsPanel />);
    expect(screen.getByRole('alert').textContent).toContain('Grace Hopper’s safety number has changed');
  });

  it('shows "Verified by <organisation>" apart from the personal mark, and a statement for another name only as a warning', () => {
    useCallStore.setState((s) => ({
      participants: {
        ...s.participants,
        a: person('a', 'Grace Hopper', { organisation: { status: 'verified', organisation: 'Example GmbH', signedName: 'Grace Hopper' } }),
        b: person('b', 'Alan Turing', { organisation: { status: 'wrong-name', organisation: 'Example GmbH', signedName: 'Alan M. Turing' } }),
      },
      lobby: [{ peerId: 'k', displayName: 'Hedy Lamarr', safetyNumber: '1234567890'.repeat(6), removedEarlier: false, verification: 'unverified', trustWarning: null, organisation: { status: 'verified', organisation: 'Example GmbH', signedName: 'Hedy Lamarr' } }],
    }));
    render(<ParticipantsPanel />);
    const grace = screen.getByText('Grace Hopper').closest('li')!;
    expect(grace.textContent).toContain('Verified by Example GmbH');
    // Her own verification is still to do.
    fireEvent.click(within(grace as HTMLElement).getByRole('button', { name: 'Verify Grace Hopper' }));
    expect(within(grace as HTMLElement).getByRole('button', { name: 'Mark as verified' })).toBeTruthy();
    expect(grace.textContent).toContain('According to Example GmbH, this key belongs to Grace Hopper.');
    const alan = screen.getByText('Alan Turing').closest('li')!;
    expect(alan.textContent).toContain('Signed by Example GmbH as Alan M. Turing');
    expect(alan.textContent).not.toContain('Verified by');
    fireEvent.click(within(alan as HTMLElement).getByRole('button', { name: 'Verify Alan Turing' }));
    expect(within(alan as HTMLElement).getByRole('alert').textContent).toBe('Example GmbH signed this key for Alan M. Turing, not for “Alan Turing”. Treat this person as not verified by the organisation until you know why.');
    expect(screen.getByText('Hedy Lamarr').closest('li')!.textContent).toContain('Verified by Example GmbH');
  });

  it('lets the host admit or deny people waiting, showing their safety number', () => {
    render(<ParticipantsPanel />);
    expect(screen.getByRole('heading', { name: '2 people are waiting to join' })).toBeTruthy();
    expect(within(screen.getByRole('list', { name: 'Safety number with Hedy Lamarr' })).getAllByRole('listitem')).toHaveLength(12);
    fireEvent.click(screen.getByRole('button', { name: 'Admit Hedy Lamarr' }));
    fireEvent.click(screen.getByRole('button', { name: 'Deny Hedy Lamarr' }));
    expect(controller.admit).toHaveBeenCalledWith('k');
    expect(controller.deny).toHaveBeenCalledWith('k');
  });

  it('tells the host who among those waiting it removed earlier', () => {
    render(<ParticipantsPanel />);
    const entryOf = (name: string) => screen.getByText(name).closest('li')!;
    expect(entryOf('Mallory Mayer').textContent).toContain('You removed this person from this meeting earlier.');
    expect(entryOf('Hedy Lamarr').textContent).not.toContain('removed');
  });

  it('the host switches the lobby off (newcomers come straight in) unless the policy requires it', () => {
    const { unmount } = render(<ParticipantsPanel />);
    const lobby = screen.getByRole('button', { name: 'Lobby' });
    expect(lobby.getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByText('Newcomers wait until you admit them.')).toBeTruthy();
    fireEvent.click(lobby);
    expect(controller.setLobbyEnabled).toHaveBeenCalledWith(false);
    unmount();

    useCallStore.setState({ lobbyEnabled: false });
    const off = render(<ParticipantsPanel />);
    expect(screen.getByText('Anyone with the link comes straight in.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Lobby' }));
    expect(controller.setLobbyEnabled).toHaveBeenLastCalledWith(true);
    off.unmount();

    useCallStore.setState({ lobbyEnabled: true, lobbyRequiredByPolicy: true });
    render(<ParticipantsPanel />);
    expect((screen.getByRole('button', { name: 'Lobby' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText('Your organisation requires the lobby.')).toBeTruthy();
  });

  it('host actions: lock, hand over, remove only after confirming', () => {
    render(<ParticipantsPanel />);
    fireEvent.click(screen.getByRole('button', { name: 'Lock meeting' }));
    expect(controller.lockRoom).toHaveBeenCalledWith(true);
    fireEvent.click(screen.getByRole('button', { name: 'Make host: Alan Turing' }));
    expect(controller.handOverHost).toHaveBeenCalledWith('b');
    fireEvent.click(screen.getByRole('button', { name: 'Remove Grace Hopper' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Remove Grace Hopper?' });
    expect(controller.remove).not.toHaveBeenCalled();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove' }));
    expect(controller.remove).toHaveBeenCalledWith('a');
  });

  it('shows no lobby or host actions to someone who is not the host', () => {
    useCallStore.setState({ isHost: false });
    render(<ParticipantsPanel />);
    expect(screen.queryByText('1 person is waiting to join')).toBeNull();
    expect(screen.queryByRole('button', { name: /Remove/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Lock meeting' })).toBeNull();
  });
});
