import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContactBook, ContactEntry, ParleyApi } from '../../../protocol/ipc-contract';
import { initialRingState, useRingStore } from '../../contacts/ring-store';
import { ContactsScreen } from './ContactsScreen';
import { RingViews } from './RingViews';

const ada: ContactEntry = {
  contactId: 'aa'.repeat(32), displayName: 'Ada Lovelace', identityKey: new Uint8Array(32).fill(1), mailboxId: new Uint8Array(16), relayUrl: 'wss://r.example',
  issuedAt: 1, addedAt: 1, verified: true, keyChangedAt: null,
};
const bo: ContactEntry = { ...ada, contactId: 'bb'.repeat(32), displayName: 'Bo Berg', verified: false };
const book: ContactBook = {
  contacts: [bo, ada],
  teams: [],
  history: [{ at: Date.UTC(2026, 0, 2), direction: 'incoming', peers: [ada.contactId], teamName: '', outcome: 'missed' }],
  prefs: { doNotDisturb: false, historyRetentionDays: 30 },
};
const addContact = vi.fn();
const getContactBook = vi.fn();
const setContactPrefs = vi.fn();

beforeEach(() => {
  addContact.mockReset();
  getContactBook.mockReset().mockResolvedValue(book);
  setContactPrefs.mockReset().mockResolvedValue(book.prefs);
  window.parley = { addContact, getContactBook, setContactPrefs } as unknown as ParleyApi;
  useRingStore.setState({ ...initialRingState, book });
});
afterEach(() => {
  cleanup();
  delete window.parley;
});

describe('ContactsScreen', () => {
  it('lists contacts sorted with their verified state, and filters by search', () => {
    render(<ContactsScreen />);
    const list = screen.getByRole('list', { name: 'Your contacts' });
    expect(within(list).getAllByRole('listitem').map((li) => li.querySelector('.contact-name')?.textContent)).toEqual(['Ada Lovelace', 'Bo Berg']);
    expect(within(list).getByText('Verified')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Search contacts'), { target: { value: 'bo' } });
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'Call Bo Berg' })).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Search contacts'), { target: { value: 'zz' } });
    expect(screen.getByText('No contact matches your search.')).toBeTruthy();
  });

  it('shows why a card was refused', async () => {
    addContact.mockRejectedValue(new Error('This contact card was changed or was not signed by the identity it names.'));
    render(<ContactsScreen />);
    fireEvent.change(screen.getByLabelText('Contact link'), { target: { value: 'parley://contact#AAAA' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/could not be added: This contact card was changed/);
  });

  it('keeps the call history local, with its retention and do-not-disturb', () => {
    render(<ContactsScreen />);
    const history = screen.getByRole('list', { name: 'Call history' });
    expect(history.textContent).toMatch(/^Incoming · Ada Lovelace · Missed · /);
    fireEvent.click(screen.getByRole('checkbox', { name: /Do not disturb/ }));
    expect(setContactPrefs).toHaveBeenCalledWith({ doNotDisturb: true, historyRetentionDays: 30 });
    fireEvent.change(screen.getByLabelText('Keep call history for (days)'), { target: { value: '7' } });
    expect(setContactPrefs).toHaveBeenLastCalledWith({ doNotDisturb: false, historyRetentionDays: 7 });
  });
});

describe('RingViews', () => {
  it('shows an incoming call as an alert dialog with the caller and their verified state', () => {
    useRingStore.setState({ incoming: { callId: '00', caller: ada, teamName: 'Ops', inviteLink: 'parley://join#x', expiresAt: Date.now() + 30_000 } });
    render(<RingViews />);
    const dialog = screen.getByRole('alertdialog', { name: 'Incoming call' });
    expect(within(dialog).getByText('Ada Lovelace is calling the team Ops')).toBeTruthy();
    expect(within(dialog).getByText('Verified')).toBeTruthy();
    expect(document.activeElement?.textContent).toBe('Accept');
  });

  it('shows the caller how each callee answered', () => {
    useRingStore.setState({
      outgoing: { callId: '00', teamName: '', expiresAt: 0, callees: [{ contactId: ada.contactId, displayName: 'Ada Lovelace', status: 'declined' }] },
    });
    render(<RingViews />);
    expect(screen.getByRole('status').textContent).toBe('Ada Lovelace: Declined');
    expect(screen.getByRole('button', { name: 'Close' })).toBeTruthy();
  });
});
