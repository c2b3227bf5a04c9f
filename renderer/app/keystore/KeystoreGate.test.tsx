import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KeystoreStatus, ParleyApi } from '../../../protocol/ipc-contract';
import { KeystoreGate } from './KeystoreGate';

const READY: KeystoreStatus = { state: 'ready', sealing: 'passphrase', identityKey: new Uint8Array(32) };
const api = { getKeystoreStatus: vi.fn(), unlockKeystore: vi.fn(), recoverKeystore: vi.fn() };

function renderGate() {
  return render(
    <KeystoreGate>
      <p>the app</p>
    </KeystoreGate>,
  );
}

beforeEach(() => {
  Object.values(api).forEach((f) => f.mockReset());
  window.parley = api as unknown as ParleyApi;
});
afterEach(() => {
  cleanup();
  delete window.parley;
});

describe('KeystoreGate', () => {
  it('shows the app when the keystore is ready, after it finished opening', async () => {
    api.getKeystoreStatus.mockResolvedValueOnce({ state: 'opening' }).mockResolvedValueOnce(READY);
    renderGate();
    expect(await screen.findByText('the app')).toBeTruthy();
    expect(api.getKeystoreStatus).toHaveBeenCalledTimes(2);
  });

  it('first run without a keychain: sets a passphrase, checked for length and typos', async () => {
    api.getKeystoreStatus.mockResolvedValue({ state: 'needs-passphrase', setup: true, reason: 'basic_text', lastError: null });
    api.unlockKeystore.mockResolvedValue(READY);
    renderGate();
    await screen.findByRole('heading', { name: 'Protect your keys' });
    const first = screen.getByLabelText('New passphrase');
    const second = screen.getByLabelText('Repeat the passphrase');
    fireEvent.change(first, { target: { value: 'short' } });
    fireEvent.change(second, { target: { value: 'short' } });
    fireEvent.click(screen.getByRole('button', { name: 'Protect my keys' }));
    expect(screen.getByText('Use at least 8 characters.')).toBeTruthy();
    fireEvent.change(first, { target: { value: 'correct horse battery' } });
    fireEvent.change(second, { target: { value: 'correct horse batery' } });
    fireEvent.click(screen.getByRole('button', { name: 'Protect my keys' }));
    expect(screen.getByText('The two passphrases are not the same.')).toBeTruthy();
    expect(api.unlockKeystore).not.toHaveBeenCalled();
    fireEvent.change(second, { target: { value: 'correct horse battery' } });
    fireEvent.click(screen.getByRole('button', { name: 'Protect my keys' }));
    expect(await screen.findByText('the app')).toBeTruthy();
    expect(api.unlockKeystore).toHaveBeenCalledWith('correct horse battery');
  });

  it('later runs: unlocks with the passphrase', async () => {
    api.getKeystoreStatus.mockResolvedValue({ state: 'needs-passphrase', setup: false, reason: 'basic_text', lastError: null });
    api.unlockKeystore.mockResolvedValue(READY);
    renderGate();
    fireEvent.change(await screen.findByLabelText('Passphrase'), { target: { value: 'correct horse battery' } });
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    expect(await screen.findByText('the app')).toBeTruthy();
  });

  it('damaged keystore: offers main’s choices; new keys only after a warning', async () => {
    api.getKeystoreStatus.mockResolvedValue({ state: 'damaged', problem: 'keystore-corrupt', message: 'x', choices: ['restore-backup', 'new-identity'] });
    api.recoverKeystore.mockResolvedValue(READY);
    renderGate();
    await screen.findByText('Your keystore file is damaged.');
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Start with new keys' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Start with new keys?' });
    expect(api.recoverKeystore).not.toHaveBeenCalled();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Start with new keys' }));
    expect(await screen.findByText('the app')).toBeTruthy();
    expect(api.recoverKeystore).toHaveBeenCalledWith('new-identity');
  });

  it('after erase: asks for a restart instead of showing the app', async () => {
    api.getKeystoreStatus.mockResolvedValue({ state: 'erased' });
    renderGate();
    expect(await screen.findByRole('heading', { name: 'Everything was erased' })).toBeTruthy();
    expect(screen.queryByText('the app')).toBeNull();
  });
});
