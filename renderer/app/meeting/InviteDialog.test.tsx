import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { initialCallState, useCallStore } from '../../call/call-store';
import { InviteDialog } from './InviteDialog';

const LINK = 'parley://join#5JwwyYXRsa3R6qeP3IqvAG6iB2UnAlML_KoUJGJYc2E.1RU0LDJDwYkte8WB6AyZng';

beforeEach(() => useCallStore.setState({ ...initialCallState, phase: 'in-call', inviteLink: LINK }, true));
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
    expect((screen.getByRole('textbox', { name: 'Invite link' }) as HTMLInputElement).value).toBe(LINK);
    fireEvent.click(screen.getByRole('button', { name: 'Copy link' }));
    expect(await screen.findByText('Link copied.')).toBeTruthy();
    expect(writeText).toHaveBeenCalledWith(LINK);
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
