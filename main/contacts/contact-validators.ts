// Shape checks for the contact-book IPC arguments (main/ipc/validators.ts): the renderer is
// untrusted, so every field is checked for type, length and allowed values.
import { MAX_CARD_NAME_CHARACTERS, MAX_CONTACT_LINK_LENGTH } from '../../protocol/contact/contact-card';
import { CALL_ID_LENGTH } from '../../protocol/contact/ring-message';
import type { CallNotification, CallRecord, ContactPrefs, ContactTeam } from '../../protocol/ipc-contract';
import { MAX_HISTORY_RETENTION_DAYS, MAX_TEAM_MEMBERS } from '../../protocol/ipc-contract';

const OUTCOMES = ['answered', 'missed', 'declined', 'no-answer', 'cancelled'];

function isRecord(value: unknown, keys: string[]): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const own = Object.keys(value).sort();
  return own.length === keys.length && own.every((k, i) => k === [...keys].sort()[i]);
}

export function isDisplayName(value: unknown): value is string {
  return typeof value === 'string' && value.trim() === value && [...value].length >= 1 && [...value].length <= MAX_CARD_NAME_CHARACTERS;
}

export function isContactLink(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_CONTACT_LINK_LENGTH;
}

/** Hex of a 32-byte identity key. */
export function isContactId(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
}

export function isTeamId(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{16}$/.test(value);
}

export function isContactTeam(value: unknown): value is ContactTeam {
  if (!isRecord(value, ['id', 'name', 'members'])) return false;
  return (value.id === '' || isTeamId(value.id)) && isDisplayName(value.name) && Array.isArray(value.members) &&
    value.members.length >= 1 && value.members.length <= MAX_TEAM_MEMBERS && value.members.every(isContactId);
}

export function isCallRecord(value: unknown): value is CallRecord {
  if (!isRecord(value, ['at', 'direction', 'peers', 'teamName', 'outcome'])) return false;
  return Number.isSafeInteger(value.at) && (value.at as number) >= 0 && (value.direction === 'incoming' || value.direction === 'outgoing') &&
    Array.isArray(value.peers) && value.peers.length >= 1 && value.peers.length <= MAX_TEAM_MEMBERS && value.peers.every(isContactId) &&
    typeof value.teamName === 'string' && (value.teamName === '' || isDisplayName(value.teamName)) && OUTCOMES.includes(value.outcome as string);
}

export function isContactPrefs(value: unknown): value is ContactPrefs {
  if (!isRecord(value, ['doNotDisturb', 'historyRetentionDays'])) return false;
  const days = value.historyRetentionDays;
  return typeof value.doNotDisturb === 'boolean' && Number.isInteger(days) && (days as number) >= 1 && (days as number) <= MAX_HISTORY_RETENTION_DAYS;
}

/** A ring's call id as the renderer's Ringer writes it (hex of CALL_ID_LENGTH bytes). */
export function isCallIdHex(value: unknown): value is string {
  return typeof value === 'string' && value.length === CALL_ID_LENGTH * 2 && /^[0-9a-f]+$/.test(value);
}

/** An OS-notification request: exactly the kind, the ring's call id, the caller's display name, verified and the language. */
export function isCallNotification(value: unknown): value is CallNotification {
  if (!isRecord(value, ['kind', 'callId', 'callerName', 'verified', 'language'])) return false;
  return (value.kind === 'incoming' || value.kind === 'missed') && isCallIdHex(value.callId) && isDisplayName(value.callerName) &&
    typeof value.verified === 'boolean' && (value.language === 'en' || value.language === 'de');
}
