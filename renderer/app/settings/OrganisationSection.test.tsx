import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { toBase64Url } from '../../../protocol/bytes';
import type { OrganisationStatus, ParleyApi } from '../../../protocol/ipc-contract';
import { useSettingsStore } from '../settings-store';
import { OrganisationSection } from './OrganisationSection';

afterEach(() => {
  cleanup();
  delete window.parley;
});

const identityKey = new Uint8Array(32).fill(0xfb);
const none: OrganisationStatus = { identityKey, statement: null, trustedOrganisations: [] };
const imported: OrganisationStatus = {
  identityKey,
  statement: { organisation: 'Example GmbH', name: 'Bob Berger', issuedAt: Date.UTC(2026, 0, 1), expiresAt: Date.UTC(2027, 0, 1), credential: new Uint8Array(200) },
  trustedOrganisations: ['Example GmbH', 'Partner AG'],
};
const refusal = (code: string) => Object.assign(new Error(code), { code });
const choose = (text: string) => fireEvent.change(document.querySelector('input[type=file]')!, { target: { files: [new File([text], 'bob.parley-org', { type: 'text/plain' })] } });

describe('Settings → Your organisation', () => {
  it('shows the identity key for IT, imports the chosen file through main, and says why one is refused', async () => {
    const importOrganisationStatement = vi.fn(async (text: string) => {
      if (text.startsWith('other')) throw refusal('organisation-statement-wrong-key');
      if (text.startsWith('old')) throw refusal('organisation-statement-expired');
      return imported;
    });
    window.parley = { getOrganisation: vi.fn(async () => none), importOrganisationStatement, removeOrganisationStatement: vi.fn(async () => none) } as unknown as ParleyApi;
    render(<OrganisationSection />);
    expect((await screen.findByTestId('own-identity-key')).textContent).toBe(toBase64Url(identityKey));
    expect(screen.getByText('No statement from your organisation imported.')).toBeTruthy();
    expect(screen.getByText(/Your policy trusts no organisation/)).toBeTruthy();
    choose('other-key');
    expect(await screen.findByText(/This statement is for another identity key, not yours/)).toBeTruthy();
    choose('old');
    expect(await screen.findByText('This statement has expired. Ask IT for a new one.')).toBeTruthy();
    choose('good');
    expect((await screen.findByTestId('own-organisation-statement')).textContent).toMatch(/^Signed by Example GmbH for Bob Berger, valid until .*2027/);
    expect(importOrganisationStatement).toHaveBeenLastCalledWith('good');
    expect(screen.getByText('Your policy trusts statements from: Example GmbH, Partner AG.')).toBeTruthy();
    // The name in Parley is not the signed one: the employee is told what others will see.
    expect(screen.queryByText(/but your organisation signed/)).toBeNull();
    act(() => useSettingsStore.getState().update({ displayName: 'Bobby' }));
    expect(screen.getByText(/You call yourself “Bobby”, but your organisation signed “Bob Berger”/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Remove statement' }));
    expect(await screen.findByText('No statement from your organisation imported.')).toBeTruthy();
  });
});
