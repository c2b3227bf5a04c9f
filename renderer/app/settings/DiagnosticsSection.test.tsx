import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ParleyApi } from '../../../protocol/ipc-contract';
import { DiagnosticsSection } from './DiagnosticsSection';

const check = vi.hoisted(() => vi.fn());
vi.mock('../../call/reachability', () => ({ checkReachability: check, browserProbeDeps: () => ({}) }));

afterEach(() => {
  cleanup();
  delete window.parley;
});

function fakeMain(relayUrl: string | null) {
  const setting = { value: false, source: 'default', lockedBy: null };
  return {
    getDiagnostics: vi.fn(async () => 'Parley diagnostics\nVersion: Parley 1.2.3\n'),
    getRelayHosting: vi.fn(async () => ({ reach: 'relay', relayUrl, reachableByOthers: true, localNetworkProblem: null })),
    getEffectiveSettings: vi.fn(async () => ({ diagnosticsLog: setting })),
  };
}

describe('Settings → Help desk', () => {
  it('"Copy diagnostics" copies main\'s part and a connection check against the hosting relay, and shows the text', async () => {
    const main = fakeMain('wss://relay.example.org/');
    window.parley = main as unknown as ParleyApi;
    check.mockResolvedValue({ verdict: 'turn-ok', relayUrl: 'wss://relay.example.org/', relayMs: 42, stun: true, turn: true, gathered: ['host', 'srflx', 'relay'], detail: null });
    const writeText = vi.fn(async (_text: string) => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    render(<DiagnosticsSection />);
    expect(await screen.findByRole('checkbox', { name: 'Keep a diagnostics log on this computer' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Copy diagnostics' }));
    await vi.waitFor(() => expect(writeText).toHaveBeenCalled());
    expect(main.getDiagnostics).toHaveBeenCalledWith('en');
    expect(check).toHaveBeenCalledWith('wss://relay.example.org/', {});
    const copied = writeText.mock.calls[0]![0] as string;
    expect(copied).toBe('Parley diagnostics\nVersion: Parley 1.2.3\nConnection check: turn-ok\n  Relay answered: 42 ms\n  STUN: yes, TURN: yes\n  Candidates: host, srflx, relay\n');
    expect((screen.getByRole('textbox', { name: 'Diagnostics' }) as HTMLTextAreaElement).value).toBe(copied);
    expect(screen.getByText(/^(Copied|Could not copy)/).textContent).toBe('Copied. The text is below.');
  });

  it('without a relay, or when the clipboard refuses, still shows the text', async () => {
    window.parley = fakeMain(null) as unknown as ParleyApi;
    check.mockClear();
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: vi.fn(async () => Promise.reject(new Error('denied'))) }, configurable: true });
    render(<DiagnosticsSection />);
    fireEvent.click(screen.getByRole('button', { name: 'Copy diagnostics' }));
    expect((await screen.findByText(/^Could not copy/)).textContent).toBe('Could not copy; select the text below and copy it.');
    expect(check).not.toHaveBeenCalled();
    expect((screen.getByRole('textbox', { name: 'Diagnostics' }) as HTMLTextAreaElement).value).toContain('Connection check: no relay for meetings hosted here');
  });
});
