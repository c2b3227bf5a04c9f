// What the contacts UI asks of main and of the Ringer, with failures turned into a message the
// UI can show (a refusal from main carries a readable message; ProtocolErrors from card checks do).
import type { ContactEntry, ContactPrefs, ContactTeam } from '../../../protocol/ipc-contract';
import { currentRinger } from '../../contacts/start-ringing';
import { useRingStore } from '../../contacts/ring-store';
import { parleyApi } from '../../parley-api';

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function refreshBook(): Promise<void> {
  useRingStore.setState({ book: await parleyApi().getContactBook() });
}

export async function addContact(link: string): Promise<ContactEntry> {
  const entry = await parleyApi().addContact(link);
  await refreshBook();
  return entry;
}

export async function removeContact(contactId: string): Promise<void> {
  await parleyApi().removeContact(contactId);
  await refreshBook();
}

export async function setVerified(contact: ContactEntry, verified: boolean): Promise<void> {
  await parleyApi().setIdentityVerified(contact.identityKey, verified, 'safety-number');
  await refreshBook();
}

export async function saveTeam(team: ContactTeam): Promise<void> {
  await parleyApi().saveTeam(team);
  await refreshBook();
}

export async function removeTeam(teamId: string): Promise<void> {
  await parleyApi().removeTeam(teamId);
  await refreshBook();
}

export async function setPrefs(prefs: ContactPrefs): Promise<void> {
  await parleyApi().setContactPrefs(prefs);
  await refreshBook();
}

export async function refreshMyCard(): Promise<void> {
  await currentRinger()?.loadCard(false);
}

export async function reissueCard(): Promise<void> {
  await currentRinger()?.loadCard(true);
}

export async function callContacts(contacts: ContactEntry[], teamName = ''): Promise<void> {
  await currentRinger()?.call(contacts, teamName);
}
