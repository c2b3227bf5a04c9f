import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerCallController } from '../../call/call-store';
import type { CallController } from '../../call/call-store';
import { DEFAULT_SETTINGS, useSettingsStore } from '../settings-store';
import { useUiStore } from '../ui-store';
import { PreJoinScreen } from './PreJoinScreen';

const LINK = `parley://join#${'a'.repeat(43)}.hostKey1`;
const stop = vi.fn();
const fakeStream = () => ({ getTracks: () => [{ stop }] }) as unknown as MediaStream;
const media = {
  getUserMedia: vi.fn(),
  enumerateDevices: vi.fn(),
  addEventListener: vi.fn(),
  removeEventListener: vi.fn(),
};
const controller = { join: vi.fn(async () => {}), createMeeting: vi.fn(async () => {}), prepareJoin: vi.fn(async () => {}), cancelPreparedJoin: vi.fn() };

function device(kind: MediaDeviceKind, deviceId: string, label: string): MediaDeviceInfo {
  return { kind, deviceId, label, groupId: 'g', toJSON: () => ({}) };
}

beforeEach(() => {
  stop.mockClear();
  Object.values(media).forEach((f) => f.mockReset());
  Object.values(controller).forEach((f) => f.mockClear());
  Object.defineProperty(navigator, 'mediaDevices', { value: media, configurable: true });
  media.enumerateDevices.mockResolvedValue([
    device('videoinput', 'cam-1', 'Front camera'),
    device('videoinput', 'cam-2', ''),
    device('audioinput', 'mic-1', 'Headset'),
    device('audiooutput', 'spk-1', 'Speakers'),
  ]);
  registerCallController(controller as unknown as CallController);
  useSettingsStore.setState({ settings: { ...DEFAULT_SETTINGS, displayName: 'Ada' }, managed: {} });
  useUiStore.setState({ screen: 'prejoin', intent: { kind: 'join', inviteLink: LINK } });
});
afterEach(() => {
  cleanup();
  registerCallController(null);
});

describe('PreJoinScreen', () => {
  it('explains a denied camera while the microphone still works', async () => {
    media.getUserMedia.mockImplementation(async (c: MediaStreamConstraints) => {
      if (c.video) throw new DOMException('denied', 'NotAllowedError');
      return fakeStream();
    });
    render(<PreJoinScreen />);
    expect((await screen.findByRole('alert')).textContent).toContain('Parley may not use your camera');
    expect(screen.getAllByRole('alert')).toHaveLength(1);
  });

  it('lists devices by kind, naming unlabelled ones, and remembers the choice', async () => {
    media.getUserMedia.mockResolvedValue(fakeStream());
    render(<PreJoinScreen />);
    const camera = screen.getByRole('combobox', { name: 'Camera' });
    await screen.findByRole('option', { name: 'Front camera' });
    expect([...camera.querySelectorAll('option')].map((o) => o.textContent)).toEqual(['System default', 'Front camera', 'Camera 2']);
    expect(screen.getByRole('combobox', { name: 'Speaker' }).textContent).toContain('Speakers');
    fireEvent.change(camera, { target: { value: 'cam-2' } });
    expect(useSettingsStore.getState().settings.cameraId).toBe('cam-2');
    await vi.waitFor(() => expect(media.getUserMedia).toHaveBeenCalledWith(expect.objectContaining({ video: expect.objectContaining({ deviceId: { exact: 'cam-2' } }) })));
  });

  it('joining muted closes the microphone and joins through the engine', async () => {
    media.getUserMedia.mockResolvedValue(fakeStream());
    render(<PreJoinScreen />);
    await vi.waitFor(() => expect(media.getUserMedia).toHaveBeenCalledTimes(2));
    fireEvent.click(screen.getByRole('switch', { name: 'Microphone' }));
    expect(useSettingsStore.getState().settings.startAudioMuted).toBe(true);
    await vi.waitFor(() => expect(stop).toHaveBeenCalled());
    expect(screen.getByText(/You will join muted/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Ask to join' }));
    await vi.waitFor(() => expect(controller.join).toHaveBeenCalledWith(LINK, 'Ada'));
  });

  it('starts with focus on "Ask to join"; the name can change here, and an empty one is refused with the reason', async () => {
    media.getUserMedia.mockResolvedValue(fakeStream());
    render(<PreJoinScreen />);
    const join = screen.getByRole('button', { name: 'Ask to join' });
    expect(document.activeElement).toBe(join);
    const name = screen.getByRole('textbox', { name: 'Your name' });
    fireEvent.change(name, { target: { value: '  ' } });
    fireEvent.click(join);
    expect(screen.getByText('Enter your name first.')).toBeTruthy();
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(controller.join).not.toHaveBeenCalled();
    fireEvent.change(name, { target: { value: 'Ada L.' } });
    fireEvent.submit(name.closest('form')!);
    await vi.waitFor(() => expect(controller.join).toHaveBeenCalledWith(LINK, 'Ada L.'));
  });

  it("opens the link's relay connection while it shows and closes it when left", async () => {
    media.getUserMedia.mockResolvedValue(fakeStream());
    const { unmount } = render(<PreJoinScreen />);
    await vi.waitFor(() => expect(controller.prepareJoin).toHaveBeenCalledWith(LINK));
    expect(controller.cancelPreparedJoin).not.toHaveBeenCalled();
    unmount();
    await vi.waitFor(() => expect(controller.cancelPreparedJoin).toHaveBeenCalledTimes(1));
  });
});
