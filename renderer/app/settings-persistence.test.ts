import { afterEach, describe, expect, it } from 'vitest';
import { loadSettings, saveSettings } from './settings-persistence';
import { DEFAULT_SETTINGS, effectiveRelayUrl } from './settings-store';

afterEach(() => localStorage.clear());

describe('settings persistence', () => {
  it('round-trips settings', () => {
    const settings = { ...DEFAULT_SETTINGS, displayName: 'Ada', language: 'de' as const, theme: 'dark' as const, cameraId: 'cam-1', rememberRecentRooms: true };
    saveSettings(settings);
    expect(loadSettings(DEFAULT_SETTINGS)).toEqual(settings);
  });

  it('falls back to defaults for damaged JSON, wrong types and unknown values', () => {
    localStorage.setItem('parley.settings.v1', '{not json');
    expect(loadSettings(DEFAULT_SETTINGS)).toEqual(DEFAULT_SETTINGS);
    localStorage.setItem('parley.settings.v1', JSON.stringify({ displayName: 42, language: 'klingon', theme: 'neon', cameraId: 7, startAudioMuted: 'yes', extra: 1 }));
    expect(loadSettings(DEFAULT_SETTINGS)).toEqual(DEFAULT_SETTINGS);
  });
});

describe('effectiveRelayUrl', () => {
  it('prefers policy, then the user, then the embedded relay', () => {
    const user = { ...DEFAULT_SETTINGS, relayUrl: 'wss://mine.example' };
    expect(effectiveRelayUrl(user, { relayUrl: 'wss://corp.example' }, 'ws://127.0.0.1:1')).toBe('wss://corp.example');
    expect(effectiveRelayUrl(user, {}, 'ws://127.0.0.1:1')).toBe('wss://mine.example');
    expect(effectiveRelayUrl(DEFAULT_SETTINGS, {}, 'ws://127.0.0.1:1')).toBe('ws://127.0.0.1:1');
    expect(effectiveRelayUrl(DEFAULT_SETTINGS, {}, null)).toBeNull();
  });
});
