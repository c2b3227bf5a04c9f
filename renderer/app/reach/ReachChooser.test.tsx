import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ParleyApi, RelayHosting } from '../../../protocol/ipc-contract';
import { useRelayHosting } from './hosting-store';
import { ReachChooser } from './ReachChooser';
import { ReachSummary } from './ReachSummary';

const THIS_COMPUTER: RelayHosting = { reach: 'this-computer', relayUrl: 'ws://127.0.0.1:4000', reachableByOthers: false, localNetworkProblem: null };
const LAN: RelayHosting = { reach: 'local-network', relayUrl: 'ws://192.168.1.20:50123', reachableByOthers: true, localNetworkProblem: null };

let hosting: RelayHosting;
let lanLocked: boolean;
const updateSettings = vi.fn(async (changes: Record<string, unknown>) => {
  if (changes.hostOnLocalNetwork === true) hosting = LAN;
  if (changes.hostOnLocalNetwork === false) hosting = THIS_COMPUTER;
  return {};
});

beforeEach(() => {
  hosting = THIS_COMPUTER;
  lanLocked = false;
  updateSettings.mockClear();
  useRelayHosting.setState({ hosting: null, localNetworkLocked: false, relayLocked: false });
  window.parley = {
    getRelayHosting: vi.fn(async () => hosting),
    getEffectiveSettings: vi.fn(async () => ({ hostOnLocalNetwork: { value: false, source: lanLocked ? 'policy' : 'default', lockedBy: lanLocked ? 'policy' : null }, relayUrl: { value: null, source: 'default', lockedBy: null } })),
    updateSettings,
  } as unknown as ParleyApi;
});
afterEach(() => {
  cleanup();
  delete window.parley;
});

describe('how others reach your meetings', () => {
  it('a fresh install says nobody else can join yet, and the home screen offers the choice', async () => {
    await useRelayHosting.getState().refresh();
    render(<ReachSummary />);
    expect(screen.getByRole('status').textContent).toMatch(/Nobody else can join your meetings yet/);
    fireEvent.click(screen.getByRole('button', { name: 'Choose how others join…' }));
    expect(await screen.findByRole('dialog', { name: 'How others reach your meetings' })).toBeTruthy();
    expect((screen.getByRole('radio', { name: /Only on this computer/ }) as HTMLInputElement).checked).toBe(true);
  });

  it('the local network takes effect at once and shows the address links carry', async () => {
    render(<ReachChooser />);
    fireEvent.click(await screen.findByRole('radio', { name: /On this local network/ }));
    await waitFor(() => expect(updateSettings).toHaveBeenCalledWith({ hostOnLocalNetwork: true }));
    expect(await screen.findByText(/ws:\/\/192\.168\.1\.20:50123/)).toBeTruthy();
  });

  it('refuses a relay address that is not one, before checking anything', async () => {
    render(<ReachChooser />);
    fireEvent.click(await screen.findByRole('radio', { name: /Through a relay server/ }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Relay server' }), { target: { value: 'ws://relay.example.org' } });
    fireEvent.click(screen.getByRole('button', { name: 'Check and use' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/ws:\/\/ only for addresses on a local network/);
    expect(updateSettings).not.toHaveBeenCalled();
  });

  it('a policy that decides it is shown locked', async () => {
    lanLocked = true;
    render(<ReachChooser />);
    expect(((await screen.findByRole('radio', { name: /On this local network/ })) as HTMLInputElement).disabled).toBe(true);
    expect(await screen.findByText('Your organisation manages part of this choice.')).toBeTruthy();
  });
});
