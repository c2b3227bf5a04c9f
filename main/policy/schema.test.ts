import { describe, expect, it } from 'vitest';
import { POLICY_FIELDS, POLICY_KEYS, safestPolicy, validatePolicy } from './schema';

describe('policy schema', () => {
  it('lists at least the keys administrators rely on (installer templates are tested against this list)', () => {
    expect(POLICY_KEYS).toEqual(['relayUrl', 'allowedRelays', 'recordingMode', 'retentionDays', 'requireLobby', 'allowScreenShare', 'alwaysRelayCalls', 'autoUpdate', 'recordingFolder', 'hostOnLocalNetwork', 'localNetworkPort', 'keepRunningInTray', 'openAtLogin', 'diagnosticsLog']);
    for (const field of POLICY_FIELDS) expect(field.description.length).toBeGreaterThan(10);
  });

  it('accepts a valid policy as it is', () => {
    const policy = { relayUrl: 'wss://relay.example.eu/', allowedRelays: ['wss://relay.example.eu/'], recordingMode: 'notify', retentionDays: 90, requireLobby: false, allowScreenShare: true, alwaysRelayCalls: true, autoUpdate: false };
    expect(validatePolicy(policy)).toEqual({ values: policy, errors: [] });
  });

  it('pins invalid fields to their safest value, reports unknown keys, and keeps the valid ones', () => {
    const { values, errors } = validatePolicy({
      recordingMode: 'always', retentionDays: 0, allowScreenShare: 'no', requireLobby: 1, relayUrl: 'https://not-a-relay', autoUpdate: false, colour: 'blue',
    });
    expect(values).toEqual({ recordingMode: 'disabled', retentionDays: 7, allowScreenShare: false, requireLobby: true, autoUpdate: false });
    expect(errors).toHaveLength(6);
    expect(errors.join('\n')).toMatch(/recordingMode.*disabled, consent-all, notify/);
    expect(errors.join('\n')).toContain('Unknown policy key "colour"');
  });

  it.each([[null], [[]], ['text'], [42]])('treats a non-object policy (%j) as unreadable: safest values everywhere', (raw) => {
    expect(validatePolicy(raw)).toEqual({ values: safestPolicy(), errors: ['The policy must be an object of settings'] });
    expect(safestPolicy()).toEqual({ recordingMode: 'disabled', retentionDays: 7, requireLobby: true, allowScreenShare: false, autoUpdate: true, hostOnLocalNetwork: false });
  });

  it('alwaysRelayCalls: a wrong value is reported and pins nothing (no safest value: forcing it on a relay without TURN would break every call)', () => {
    expect(validatePolicy({ alwaysRelayCalls: false })).toEqual({ values: { alwaysRelayCalls: false }, errors: [] });
    expect(validatePolicy({ alwaysRelayCalls: 1 })).toEqual({ values: {}, errors: ['alwaysRelayCalls must be true or false'] });
    expect(safestPolicy()).not.toHaveProperty('alwaysRelayCalls');
  });

  it('accepts only ws:// and wss:// relay URLs without credentials', () => {
    const check = (relayUrl: unknown) => validatePolicy({ relayUrl }).errors.length === 0;
    expect(check('wss://relay.example.eu:8443/path')).toBe(true);
    expect(check('ws://127.0.0.1:4000')).toBe(true);
    for (const bad of ['http://relay.example', 'wss://user:pw@relay.example', 'wss://relay.example/#frag', 'relay.example', 42, 'wss://' + 'a'.repeat(3000)]) {
      expect(check(bad)).toBe(false);
    }
  });

  it('accepts an absolute recording folder; a relative or odd one is an error and leaves the default (no safest value)', () => {
    const folder = process.platform === 'win32' ? 'D:\\Recordings' : '/srv/parley/recordings';
    expect(validatePolicy({ recordingFolder: folder })).toEqual({ values: { recordingFolder: folder }, errors: [] });
    for (const bad of ['recordings', './recordings', '', 42, '/tmp/a\u0000b', '/' + 'a'.repeat(5000)]) {
      const { values, errors } = validatePolicy({ recordingFolder: bad });
      expect(values).toEqual({});
      expect(errors).toEqual(['recordingFolder must be an absolute folder path']);
    }
  });
});
