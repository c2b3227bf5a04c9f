// Argument validation for every IPC channel: the renderer is untrusted, so main checks the
// shape of everything it receives (types, lengths, enumerations) before any handler sees it.
import type { CallErrorCode, IpcArgs, IpcChannel, KeystoreRecoveryChoice, ReportLanguage, SignPurpose, VerificationMethod } from '../../protocol/ipc-contract';
import { CALL_ERROR_CODES, MAIN_ONLY_SIGN_PURPOSES, MAX_ORGANISATION_STATEMENT_TEXT, MAX_RECORDING_CHUNK, MAX_RECORDING_PARTICIPANTS, MAX_SIGN_PAYLOAD, MAX_TRUST_NAME_LENGTH, SIGNING_CONTEXT, VERIFICATION_METHODS } from '../../protocol/ipc-contract';
import { CONSENT_LENGTH, REQUEST_LENGTH } from '../../protocol/recording/consent';
import { MAX_CREDENTIAL_LENGTH } from '../../protocol/organisation/statement';
import { ML_KEM_768_CIPHERTEXT_LENGTH, X25519_PUBLIC_KEY_LENGTH } from '../../protocol/keys/encoding';
import { IDENTITY_KEY_LENGTH } from '../../protocol/keys/identity';
import { MAX_PREKEY_ID } from '../../protocol/keys/prekeys';
import { MAX_INVITE_LENGTH, parseInvite } from '../../protocol/room/invite';
import { isUserSettingsPatch } from '../settings/settings-schema';
import { isReportFormat, isReportLanguage } from '../privacy/report-options';
import { isMeetingDraft, isMeetingId } from '../meetings/meeting-validators';
import { isCallNotification, isCallRecord, isContactId, isContactLink, isContactPrefs, isContactTeam, isDisplayName, isTeamId } from '../contacts/contact-validators';

export type ArgsValidator<C extends IpcChannel> = (args: readonly unknown[]) => args is IpcArgs<C>;

export const MAX_PASSPHRASE_LENGTH = 1024;
export const MAX_URL_LENGTH = 2048;

const noArgs = (args: readonly unknown[]): args is [] => args.length === 0;

export function isBytes(value: unknown, length: number): value is Uint8Array {
  return value instanceof Uint8Array && value.length === length;
}

function isPrekeyId(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_PREKEY_ID;
}

function isAcceptedInit(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const init = value as Record<string, unknown>;
  const keys = Object.keys(init);
  const withOneTime = init.oneTimePrekeyId !== undefined;
  return keys.length === (withOneTime ? 3 : 2) && isBytes(init.ephemeralKey, X25519_PUBLIC_KEY_LENGTH) && isPrekeyId(init.signedPrekeyId) && (!withOneTime || isPrekeyId(init.oneTimePrekeyId));
}

function isPrekeyRef(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  const ref = value as Record<string, unknown>;
  return keys.length === 2 && (ref.kind === 'signed' || ref.kind === 'one-time') && isPrekeyId(ref.id);
}

/** Only a real invite link is kept among the recent meetings (main seals what it is given). */
function isInviteLink(value: unknown): value is string {
  if (!isShortString(value, MAX_INVITE_LENGTH)) return false;
  try {
    parseInvite(value);
    return true;
  } catch {
    return false;
  }
}

function isShortString(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= max;
}

function isRecordingId(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{32}$/.test(value);
}

function isList(value: unknown, length: number): value is Uint8Array[] {
  return Array.isArray(value) && value.length <= MAX_RECORDING_PARTICIPANTS && value.every((v) => isBytes(v, length));
}

const RECOVERY_CHOICES: readonly KeystoreRecoveryChoice[] = ['retry', 'restore-backup', 'new-identity'];

function is<T extends readonly unknown[]>(args: readonly unknown[], length: number, check: () => boolean): args is T {
  return args.length === length && check();
}

export const VALIDATORS: { [C in IpcChannel]: ArgsValidator<C> } = {
  'app:getInfo': noArgs,
  'keystore:getStatus': noArgs,
  'keystore:unlock': (a): a is [string] => is(a, 1, () => isShortString(a[0], MAX_PASSPHRASE_LENGTH)),
  'keystore:recover': (a): a is [KeystoreRecoveryChoice] => is(a, 1, () => RECOVERY_CHOICES.includes(a[0] as KeystoreRecoveryChoice)),
  'identity:getPublicPrekeys': noArgs,
  'identity:dhIdentity': (a): a is [Uint8Array] => is(a, 1, () => isBytes(a[0], X25519_PUBLIC_KEY_LENGTH)),
  'identity:dhPrekey': (a): a is IpcArgs<'identity:dhPrekey'> => is(a, 2, () => isPrekeyRef(a[0]) && isBytes(a[1], X25519_PUBLIC_KEY_LENGTH)),
  'identity:kemDecapsulate': (a): a is [number, Uint8Array] => is(a, 2, () => isPrekeyId(a[0]) && isBytes(a[1], ML_KEM_768_CIPHERTEXT_LENGTH)),
  'identity:commitInit': (a): a is IpcArgs<'identity:commitInit'> => is(a, 1, () => isAcceptedInit(a[0])),
  'identity:sign': (a): a is [SignPurpose, Uint8Array] =>
    is(a, 2, () => typeof a[0] === 'string' && Object.hasOwn(SIGNING_CONTEXT, a[0]) && !MAIN_ONLY_SIGN_PURPOSES.has(a[0] as SignPurpose) && a[1] instanceof Uint8Array && a[1].length <= MAX_SIGN_PAYLOAD),
  'trust:list': noArgs,
  // An empty name is allowed: a knock may carry none, and the key is what is recorded.
  'trust:meet': (a): a is IpcArgs<'trust:meet'> =>
    is(a, 2, () => isBytes(a[0], IDENTITY_KEY_LENGTH) && typeof a[1] === 'string' && a[1].length <= MAX_TRUST_NAME_LENGTH),
  'recentMeetings:list': noArgs,
  'recentMeetings:remember': (a): a is [string, number] => is(a, 2, () => isInviteLink(a[0]) && typeof a[1] === 'number' && Number.isSafeInteger(a[1]) && a[1] >= 0),
  'recentMeetings:forget': (a): a is [string] => is(a, 1, () => isShortString(a[0], MAX_INVITE_LENGTH)),
  'recentMeetings:forgetAll': noArgs,
  'trust:setVerified': (a): a is IpcArgs<'trust:setVerified'> =>
    is(a, 3, () => isBytes(a[0], IDENTITY_KEY_LENGTH) && typeof a[1] === 'boolean' && VERIFICATION_METHODS.includes(a[2] as VerificationMethod)),
  'organisation:get': noArgs,
  'organisation:import': (a): a is [string] => is(a, 1, () => isShortString(a[0], MAX_ORGANISATION_STATEMENT_TEXT)),
  'organisation:remove': noArgs,
  'organisation:check': (a): a is IpcArgs<'organisation:check'> =>
    is(a, 3, () => a[0] instanceof Uint8Array && a[0].length <= MAX_CREDENTIAL_LENGTH && isBytes(a[1], IDENTITY_KEY_LENGTH) && typeof a[2] === 'string' && a[2].length <= MAX_TRUST_NAME_LENGTH),
  'settings:getEffective': noArgs,
  'settings:set': (a): a is IpcArgs<'settings:set'> => is(a, 1, () => isUserSettingsPatch(a[0])),
  'policy:getStatus': noArgs,
  'screen:listSources': noArgs,
  'screen:chooseSource': (a): a is [string | null] => is(a, 1, () => a[0] === null || isShortString(a[0], 200)),
  'links:takePendingJoin': noArgs,
  'hosting:get': noArgs,
  'links:openExternal': (a): a is [string] => is(a, 1, () => isShortString(a[0], MAX_URL_LENGTH)),
  'erase:request': noArgs,
  'erase:confirm': (a): a is [string] => is(a, 1, () => isShortString(a[0], 128)),
  'events:next': noArgs,
  'recording:start': (a): a is IpcArgs<'recording:start'> =>
    is(a, 3, () => isBytes(a[0], REQUEST_LENGTH) && isList(a[1], IDENTITY_KEY_LENGTH) && isList(a[2], CONSENT_LENGTH)),
  'recording:update': (a): a is IpcArgs<'recording:update'> =>
    is(a, 3, () => isRecordingId(a[0]) && isList(a[1], IDENTITY_KEY_LENGTH) && isList(a[2], CONSENT_LENGTH)),
  'recording:chunk': (a): a is [string, Uint8Array] =>
    is(a, 2, () => isRecordingId(a[0]) && a[1] instanceof Uint8Array && a[1].length > 0 && a[1].length <= MAX_RECORDING_CHUNK),
  'recording:stop': (a): a is [string] => is(a, 1, () => isRecordingId(a[0])),
  'recording:list': noArgs,
  'recording:export': (a): a is [string] => is(a, 1, () => isRecordingId(a[0])),
  'recording:exportConsents': (a): a is [string] => is(a, 1, () => isRecordingId(a[0])),
  'recording:delete': (a): a is [string] => is(a, 1, () => isRecordingId(a[0])),
  'recording:chooseFolder': noArgs,
  'privacy:getReport': (a): a is IpcArgs<'privacy:getReport'> => is(a, 1, () => isReportLanguage(a[0])),
  'privacy:exportReport': (a): a is IpcArgs<'privacy:exportReport'> => is(a, 2, () => isReportLanguage(a[0]) && isReportFormat(a[1])),
  'contactBook:get': noArgs,
  'contactBook:myCard': (a): a is [string, boolean] => is(a, 2, () => isDisplayName(a[0]) && typeof a[1] === 'boolean'),
  'contactBook:add': (a): a is [string] => is(a, 1, () => isContactLink(a[0])),
  'contactBook:remove': (a): a is [string] => is(a, 1, () => isContactId(a[0])),
  'contactBook:saveTeam': (a): a is IpcArgs<'contactBook:saveTeam'> => is(a, 1, () => isContactTeam(a[0])),
  'contactBook:removeTeam': (a): a is [string] => is(a, 1, () => isTeamId(a[0])),
  'contactBook:recordCall': (a): a is IpcArgs<'contactBook:recordCall'> => is(a, 1, () => isCallRecord(a[0])),
  'contactBook:setPrefs': (a): a is IpcArgs<'contactBook:setPrefs'> => is(a, 1, () => isContactPrefs(a[0])),
  'notify:call': (a): a is IpcArgs<'notify:call'> => is(a, 1, () => isCallNotification(a[0])),
  'notify:takeRingAnswer': noArgs,
  'diagnostics:reportCallError': (a): a is [CallErrorCode] => is(a, 1, () => (CALL_ERROR_CODES as readonly unknown[]).includes(a[0])),
  'diagnostics:get': (a): a is [ReportLanguage] => is(a, 1, () => isReportLanguage(a[0])),
  'meetings:list': noArgs,
  'meetings:schedule': (a): a is IpcArgs<'meetings:schedule'> => is(a, 1, () => isMeetingDraft(a[0])),
  'meetings:remove': (a): a is [string] => is(a, 1, () => isMeetingId(a[0])),
  'meetings:saveCalendarFile': (a): a is [string, ReportLanguage] => is(a, 2, () => isMeetingId(a[0]) && isReportLanguage(a[1])),
};
