// The scan dialog's states, with a camera that yields frames the test draws: real QR codes of a
// signed card (rendered by the app's QR generator), of something else, or nothing.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { contactLink, signContactCard } from '../../../protocol/contact/contact-card';
import { testIdentity } from '../../../protocol/contact/test-identities';
import type { ContactEntry, ParleyApi } from '../../../protocol/ipc-contract';
import type { OpenQrCamera } from '../../contacts/qr-camera';
import type { Frame } from '../../ui/qr-decode';
import { initialRingState, useRingStore } from '../../contacts/ring-store';
import { qrFrame as qrFrameOf } from '../../ui/qr-frame';
import { ContactsScreen } from './ContactsScreen';
import { QrScanDialog } from './QrScanDialog';

const qrFrame = (text: string) => qrFrameOf(text, 3);

const id = await testIdentity();
const link = contactLink(await signContactCard(
  { displayName: 'Ada Lovelace', identityKey: id.identityKey, mailboxId: new Uint8Array(16).fill(9), relayUrl: 'wss://relay.example.org', issuedAt: 1_700_000_000_000 },
  id.sign,
));
const cardFrame = qrFrame(link);
const otherFrame = qrFrame('https://example.org/not-a-card');
const ada = { contactId: 'aa'.repeat(32), displayName: 'Ada Lovelace' } as ContactEntry;

/** A camera showing whatever `show` holds (null: no frame yet). */
function fakeCamera() {
  const camera = { show: null as Frame | null, stop: vi.fn(), opened: vi.fn() };
  const open: OpenQrCamera = async (video) => {
    camera.opened(video);
    return { grab: () => camera.show, stop: camera.stop };
  };
  return { camera, open };
}

const addContact = vi.fn();
const getContactBook = vi.fn();

beforeEach(() => {
  addContact.mockReset();
  getContactBook.mockReset().mockResolvedValue({ contacts: [], teams: [], history: [], prefs: { doNotDisturb: false, historyRetentionDays: 30 } });
  window.parley = { addContact, getContactBook } as unknown as ParleyApi;
  useRingStore.setState({ ...initialRingState });
});
afterEach(() => {
  cleanup();
  delete window.parley;
});

describe('QrScanDialog', () => {
  it('says when the camera is denied, and offers pasting the link instead', async () => {
    const open: OpenQrCamera = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
    render(<QrScanDialog onClose={() => {}} onAdded={() => {}} openCamera={open} />);
    expect(screen.getByRole('status').textContent).toBe('Starting the camera…');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/Parley may not use your camera/);
    expect(alert.textContent).toMatch(/paste their contact link instead/);
  });

  it('looks for a code, tells a foreign code apart, then adds the scanned card through the same path as a pasted link', async () => {
    const { camera, open } = fakeCamera();
    addContact.mockResolvedValue(ada);
    const onAdded = vi.fn();
    render(<QrScanDialog onClose={() => {}} onAdded={onAdded} openCamera={open} />);
    expect(await screen.findByText('Looking for a QR code… None found yet.')).toBeTruthy();
    expect(camera.opened).toHaveBeenCalledWith(expect.any(HTMLVideoElement));
    camera.show = otherFrame;
    expect(await screen.findByText('This QR code is not a Parley contact card.')).toBeTruthy();
    expect(addContact).not.toHaveBeenCalled();
    camera.show = cardFrame;
    await vi.waitFor(() => expect(onAdded).toHaveBeenCalledWith(ada));
    expect(addContact).toHaveBeenCalledWith(link);
    expect(camera.stop).toHaveBeenCalled();
  });

  it('shows why main refused a scanned card and does not send it again while it stays in view', async () => {
    const { camera, open } = fakeCamera();
    addContact.mockRejectedValue(new Error('This contact card was changed or was not signed by the identity it names.'));
    render(<QrScanDialog onClose={() => {}} onAdded={() => {}} openCamera={open} />);
    camera.show = cardFrame;
    expect((await screen.findByRole('alert')).textContent).toMatch(/could not be added: This contact card was changed/);
    await act(() => new Promise((r) => setTimeout(r, 500)));
    expect(addContact).toHaveBeenCalledTimes(1);
  });

  it('releases the camera when closed with Escape', async () => {
    const { camera, open } = fakeCamera();
    const onClose = vi.fn();
    const { unmount } = render(<QrScanDialog onClose={onClose} onAdded={() => {}} openCamera={open} />);
    await screen.findByText('Looking for a QR code… None found yet.');
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    expect(onClose).toHaveBeenCalled();
    unmount();
    expect(camera.stop).toHaveBeenCalled();
  });
});

describe('Add contact: scan a QR code', () => {
  it('opens the scan dialog from a keyboard-reachable button; focus returns when it closes', async () => {
    Object.defineProperty(navigator, 'mediaDevices', { configurable: true, value: { getUserMedia: vi.fn(() => Promise.reject(new DOMException('none', 'NotFoundError'))) } });
    render(<ContactsScreen />);
    const button = screen.getByRole('button', { name: 'Scan a QR code' });
    button.focus();
    fireEvent.click(button);
    const dialog = screen.getByRole('dialog', { name: 'Scan a contact QR code' });
    expect(dialog.contains(document.activeElement)).toBe(true);
    expect((await screen.findByRole('alert')).textContent).toMatch(/No camera was found/);
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(button);
    Reflect.deleteProperty(navigator, 'mediaDevices');
  });
});
