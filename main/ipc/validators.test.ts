import { describe, expect, it } from 'vitest';
import type { IpcChannel } from '../../protocol/ipc-contract';
import { IPC_CHANNELS, MAX_SIGN_PAYLOAD } from '../../protocol/ipc-contract';
import { CONSENT_LENGTH, REQUEST_LENGTH } from '../../protocol/recording/consent';
import { VALIDATORS } from './validators';

const key = new Uint8Array(32);
const kemCt = new Uint8Array(1088);
const recId = 'ab'.repeat(16);
const request = new Uint8Array(REQUEST_LENGTH);
const consent = new Uint8Array(CONSENT_LENGTH);

/** One valid argument list per channel, and argument lists that must be refused. */
const CASES: { [C in IpcChannel]: { valid: unknown[]; invalid: unknown[][] } } = {
  'app:getInfo': { valid: [], invalid: [[1]] },
  'keystore:getStatus': { valid: [], invalid: [[null]] },
  'keystore:unlock': { valid: ['a passphrase'], invalid: [[], [''], [42], ['x'.repeat(1025)], ['a', 'b']] },
  'keystore:recover': { valid: ['restore-backup'], invalid: [['format-disk'], [null], []] },
  'identity:getPublicPrekeys': { valid: [], invalid: [[{}]] },
  'identity:dhIdentity': { valid: [key], invalid: [[new Uint8Array(31)], [new Uint8Array(33)], [Array.from(key)], ['AAAA'], []] },
  'identity:dhPrekey': {
    valid: [{ kind: 'one-time', id: 7 }, key],
    invalid: [
      [{ kind: 'one-time', id: -1 }, key], [{ kind: 'one-time', id: 1.5 }, key], [{ kind: 'one-time', id: 2 ** 32 }, key],
      [{ kind: 'identity', id: 1 }, key], [{ kind: 'signed', id: 1, extra: 1 }, key], [{ kind: 'signed', id: 1 }, new Uint8Array(8)], [null, key],
    ],
  },
  'identity:commitInit': {
    valid: [{ ephemeralKey: key, signedPrekeyId: 1, oneTimePrekeyId: 7 }],
    invalid: [
      [{ ephemeralKey: key, signedPrekeyId: 1, oneTimePrekeyId: -1 }], [{ ephemeralKey: new Uint8Array(31), signedPrekeyId: 1 }],
      [{ ephemeralKey: key, signedPrekeyId: 1, extra: 1 }], [{ ephemeralKey: key }], [null], [],
    ],
  },
  'identity:kemDecapsulate': { valid: [1, kemCt], invalid: [[1, new Uint8Array(1087)], ['1', kemCt], [1]] },
  'identity:sign': {
    valid: ['admission', new Uint8Array(10)],
    invalid: [['prekey', new Uint8Array(10)], ['toString', new Uint8Array(1)], ['consent-export', new Uint8Array(10)], ['admission', new Uint8Array(MAX_SIGN_PAYLOAD + 1)], ['admission', 'text']],
  },
  'trust:list': { valid: [], invalid: [['x']] },
  'trust:meet': { valid: [key, 'Ada'], invalid: [[key], ['Ada', key], [new Uint8Array(31), 'Ada'], [key, 'x'.repeat(201)], [key, 7]] },
  'recentMeetings:list': { valid: [], invalid: [[1]] },
  'recentMeetings:remember': {
    valid: [`parley://join#${'A'.repeat(43)}.${'A'.repeat(22)}`, 1],
    invalid: [['https://example.org/', 1], [`parley://join#${'A'.repeat(43)}.${'A'.repeat(22)}`, -1], [`parley://join#${'A'.repeat(43)}.${'A'.repeat(22)}`], ['', 1]],
  },
  'recentMeetings:forget': { valid: ['parley://join#x'], invalid: [[''], [1], []] },
  'recentMeetings:forgetAll': { valid: [], invalid: [[null]] },
  'trust:setVerified': { valid: [key, true, 'qr-code'], invalid: [[key, 'yes', 'qr-code'], [key, true], [key, true, 'gut-feeling'], [new Uint8Array(33), false, 'safety-number']] },
  'organisation:get': { valid: [], invalid: [['x']] },
  'organisation:import': { valid: ['AAAA'], invalid: [[], [''], ['x'.repeat(4097)], [new Uint8Array(4)]] },
  'organisation:remove': { valid: [], invalid: [[1]] },
  'organisation:check': { valid: [new Uint8Array(200), key, 'Bob'], invalid: [[new Uint8Array(658), key, 'Bob'], ['AAAA', key, 'Bob'], [new Uint8Array(200), new Uint8Array(31), 'Bob'], [new Uint8Array(200), key, 'x'.repeat(201)], [new Uint8Array(200), key]] },
  'settings:getEffective': { valid: [], invalid: [[1]] },
  'settings:set': { valid: [{ requireLobby: false }], invalid: [[{}], [{ allowedRelays: [] }], [{ requireLobby: 'no' }], [null]] },
  'policy:getStatus': { valid: [], invalid: [[1]] },
  'hosting:get': { valid: [], invalid: [[1]] },
  'screen:listSources': { valid: [], invalid: [[1]] },
  'screen:chooseSource': { valid: ['screen:1:0'], invalid: [[1], [''], []] },
  'links:takePendingJoin': { valid: [], invalid: [[1]] },
  'links:openExternal': { valid: ['https://example.org/'], invalid: [[''], [{}], ['x'.repeat(2049)]] },
  'erase:request': { valid: [], invalid: [[1]] },
  'erase:confirm': { valid: ['ab'.repeat(32)], invalid: [[''], [1], ['x'.repeat(129)]] },
  'events:next': { valid: [], invalid: [[1]] },
  'recording:start': {
    valid: [request, [key, key], [consent]],
    invalid: [[request.subarray(1), [key], []], [request, [new Uint8Array(31)], []], [request, [key], [consent.subarray(1)]], [request, Array(33).fill(key), []], [request, [key]]],
  },
  'recording:update': { valid: [recId, [key], []], invalid: [['AB'.repeat(16), [key], []], [recId, 'keys', []], [recId, [key], [key]]] },
  'recording:chunk': { valid: [recId, new Uint8Array(10)], invalid: [[recId, new Uint8Array(0)], [recId, 'data'], ['x', new Uint8Array(1)]] },
  'recording:stop': { valid: [recId], invalid: [['../etc'], [], [recId, 1]] },
  'recording:list': { valid: [], invalid: [[1]] },
  'recording:export': { valid: [recId], invalid: [['ab'], [1]] },
  'recording:exportConsents': { valid: [recId], invalid: [['ab'], [1], []] },
  'recording:delete': { valid: [recId], invalid: [['ab'.repeat(17)], [null]] },
  'recording:chooseFolder': { valid: [], invalid: [['/tmp']] },
  'privacy:getReport': { valid: ['de'], invalid: [['fr'], [], ['en', 'pdf'], [null]] },
  'privacy:exportReport': { valid: ['en', 'pdf'], invalid: [['en', 'docx'], ['xx', 'pdf'], ['en'], ['en', 'markdown', 1]] },
  'contactBook:get': { valid: [], invalid: [[1]] },
  'contactBook:myCard': { valid: ['Ada', false], invalid: [['', false], [' Ada', true], ['x'.repeat(65), false], ['Ada', 'yes'], ['Ada']] },
  'contactBook:add': { valid: ['parley://contact#AAAA'], invalid: [[''], ['x'.repeat(2049)], [1]] },
  'contactBook:remove': { valid: ['ab'.repeat(32)], invalid: [['AB'.repeat(32)], ['ab'], [null]] },
  'contactBook:saveTeam': {
    valid: [{ id: '', name: 'Team', members: ['ab'.repeat(32)] }],
    invalid: [[{ id: '', name: 'Team', members: [] }], [{ id: 'x', name: 'Team', members: ['ab'.repeat(32)] }], [{ id: '', name: 'Team', members: Array(8).fill('ab'.repeat(32)) }], [{ id: '', name: '', members: ['ab'.repeat(32)] }], [{ id: '', name: 'T', members: ['ab'.repeat(32)], extra: 1 }]],
  },
  'contactBook:removeTeam': { valid: ['ab'.repeat(8)], invalid: [['ab'], [1]] },
  'contactBook:recordCall': {
    valid: [{ at: 1, direction: 'incoming', peers: ['ab'.repeat(32)], teamName: '', outcome: 'missed' }],
    invalid: [[{ at: 1, direction: 'sideways', peers: ['ab'.repeat(32)], teamName: '', outcome: 'missed' }], [{ at: 1, direction: 'incoming', peers: [], teamName: '', outcome: 'missed' }], [{ at: 1, direction: 'incoming', peers: ['ab'.repeat(32)], teamName: '', outcome: 'lost' }]],
  },
  'contactBook:setPrefs': {
    valid: [{ doNotDisturb: true, historyRetentionDays: 7 }],
    invalid: [[{ doNotDisturb: true, historyRetentionDays: 0 }], [{ doNotDisturb: 'no', historyRetentionDays: 7 }], [{ doNotDisturb: true, historyRetentionDays: 366 }], [{ doNotDisturb: true }]],
  },
  'notify:call': {
    valid: [{ kind: 'incoming', callId: 'ab'.repeat(16), callerName: 'Ada', verified: true, language: 'de' }],
    invalid: [
      [{ kind: 'incoming', callId: 'ab'.repeat(16), callerName: 'x'.repeat(65), verified: true, language: 'en' }],
      [{ kind: 'incoming', callId: 'ab'.repeat(16), callerName: '', verified: true, language: 'en' }],
      [{ kind: 'ringing', callId: 'ab'.repeat(16), callerName: 'Ada', verified: true, language: 'en' }],
      [{ kind: 'missed', callId: 'ab'.repeat(16), callerName: 'Ada', verified: 'yes', language: 'en' }],
      [{ kind: 'missed', callId: 'ab'.repeat(16), callerName: 'Ada', verified: true, language: 'fr' }],
      // The call id is the ring's 16 bytes in lower-case hex, nothing else.
      [{ kind: 'missed', callId: 'ab'.repeat(15), callerName: 'Ada', verified: true, language: 'en' }],
      [{ kind: 'missed', callId: 'AB'.repeat(16), callerName: 'Ada', verified: true, language: 'en' }],
      [{ kind: 'missed', callerName: 'Ada', verified: true, language: 'en' }],
      // Nothing but the id, the name and verified state: no link, no key.
      [{ kind: 'missed', callId: 'ab'.repeat(16), callerName: 'Ada', verified: true, language: 'en', inviteLink: 'parley://join#x' }],
      [{ kind: 'missed', callId: 'ab'.repeat(16), callerName: 'Ada', verified: true }],
    ],
  },
  'notify:takeRingAnswer': { valid: [], invalid: [[1]] },
  // Only the contract's call error codes: a free string could carry a name or an address.
  'diagnostics:reportCallError': { valid: ['relay-unreachable'], invalid: [['Ada Lovelace'], ['ws://192.0.2.1/'], [], [1], ['internal', 'x']] },
  'diagnostics:get': { valid: ['de'], invalid: [['fr'], [], ['en', 'de']] },
  'meetings:list': { valid: [], invalid: [[1]] },
  'meetings:schedule': {
    valid: [{ title: 'Planning, Q1', startsAt: Date.UTC(2027, 0, 4, 9), durationMinutes: 30, lobby: true }],
    invalid: [
      [{ title: '', startsAt: Date.UTC(2027, 0, 4, 9), durationMinutes: 30, lobby: true }],
      [{ title: ' padded', startsAt: Date.UTC(2027, 0, 4, 9), durationMinutes: 30, lobby: true }],
      [{ title: 'x'.repeat(121), startsAt: Date.UTC(2027, 0, 4, 9), durationMinutes: 30, lobby: true }],
      // A title goes into a calendar file on one line: no line breaks or other controls.
      [{ title: 'two\nlines', startsAt: Date.UTC(2027, 0, 4, 9), durationMinutes: 30, lobby: true }],
      [{ title: 'Planning', startsAt: 1.5, durationMinutes: 30, lobby: true }],
      [{ title: 'Planning', startsAt: Date.UTC(2300, 0, 1), durationMinutes: 30, lobby: true }],
      [{ title: 'Planning', startsAt: Date.UTC(2027, 0, 4, 9), durationMinutes: 4, lobby: true }],
      [{ title: 'Planning', startsAt: Date.UTC(2027, 0, 4, 9), durationMinutes: 24 * 60 + 1, lobby: true }],
      [{ title: 'Planning', startsAt: Date.UTC(2027, 0, 4, 9), durationMinutes: 30, lobby: 'yes' }],
      [{ title: 'Planning', startsAt: Date.UTC(2027, 0, 4, 9), durationMinutes: 30 }],
      // No room secret, host or link from the renderer: main draws them.
      [{ title: 'Planning', startsAt: Date.UTC(2027, 0, 4, 9), durationMinutes: 30, lobby: true, inviteLink: 'parley://join#x' }],
      [],
    ],
  },
  'meetings:remove': { valid: ['ab'.repeat(16)], invalid: [['AB'.repeat(16)], ['ab'.repeat(17)], [1], []] },
  'meetings:saveCalendarFile': { valid: ['ab'.repeat(16), 'de'], invalid: [['ab'.repeat(16)], ['ab'.repeat(16), 'fr'], ['../x', 'en']] },
};

describe('IPC argument validators', () => {
  it('cover every channel', () => {
    expect(Object.keys(VALIDATORS).sort()).toEqual([...IPC_CHANNELS].sort());
  });

  it.each(IPC_CHANNELS.map((c) => [c] as const))('%s accepts valid and refuses invalid arguments', (channel) => {
    const validate = VALIDATORS[channel] as (a: readonly unknown[]) => boolean;
    expect(validate(CASES[channel].valid)).toBe(true);
    for (const args of CASES[channel].invalid) expect(validate(args), JSON.stringify(args)).toBe(false);
  });
});
