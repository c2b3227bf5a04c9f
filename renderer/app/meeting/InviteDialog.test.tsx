import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { initialCallState, useCallStore } from '../../call/call-store';
import { InviteDialog } from './InviteDialog';

const FRAGMENT = '5JwwyYXRsa3R6qeP3IqvAG6iB2UnAlML_KoUJGJYc2E.1RU0LDJDwYkte8WB6AyZng';
const LINK = `parley://join?relay=ws%3A%2F%2F192.168.1.20%3A48443#${FRAGMENT}`;
const APP_LABEL = 'Invite link for the Parley app';

beforeEach(() => useCallStore.setState({ ...initialCallState, phase: 'in-call', inviteLink: LINK, relayUrl: 'ws://192.168.1.20:48443' }, true));
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function stubClipboard(writeText: (text: string) => Promise<void>) {
  vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
}

describe('InviteDialog', () => {
  it('copies exactly the invite link and says so', async () => {
    const writeText = vi.fn(async () => {});
    stubClipboard(writeText);
    render(<InviteDialog />);
    expect((screen.getByRole('textbox', { name: APP_LABEL }) as HTMLInputElement).value).toBe(LINK);
    fireEvent.click(screen.getByRole('button', { name: 'Copy link' }));
    expect(await screen.findByText('Link copied.')).toBeTruthy();
    expect(writeText).toHaveBeenCalledWith(LINK);
  });

  it('offers the clickable https form and the private app form when the relay has an https page', async () => {
    const writeText = vi.fn(async () => {});
    stubClipboard(writeText);
    const page = `https://relay.example.org/join#${FRAGMENT}`;
    useCallStore.setState({ inviteLink: `parley://join?relay=wss%3A%2F%2Frelay.example.org#${FRAGMENT}`, inviteLinkPage: page, relayUrl: 'wss://relay.example.org' });
    render(<InviteDialog />);
    expect((screen.getByRole('textbox', { name: 'Invite link that opens in any browser' }) as HTMLInputElement).value).toBe(page);
    expect(screen.getByText(/no web page ever sees it/)).toBeTruthy();
    fireEvent.click(screen.getAllByRole('button', { name: 'Copy link' })[0]!);
    await vi.waitFor(() => expect(writeText).toHaveBeenCalledWith(page));
  });

  it('warns that a link to the relay on this computer works for nobody else', () => {
    useCallStore.setState({ inviteLink: `parley://join?relay=ws%3A%2F%2F127.0.0.1%3A5555#${FRAGMENT}`, inviteLinkPage: `http://127.0.0.1:5555/join#${FRAGMENT}`, relayUrl: 'ws://127.0.0.1:5555' });
    render(<InviteDialog />);
    expect(screen.getByRole('alert').textContent).toMatch(/works only on this computer/);
    expect(screen.queryByRole('textbox', { name: 'Invite link that opens in any browser' })).toBeNull();
  });

  it('tells the person to copy by hand when the clipboard refuses', async () => {
    stubClipboard(async () => {
      throw new DOMException('denied', 'NotAllowedError');
    });
    render(<InviteDialog />);
    fireEvent.click(screen.getByRole('button', { name: 'Copy link' }));
    expect(await screen.findByText('Could not copy. Select the link and copy it yourself.')).toBeTruthy();
  });
});
