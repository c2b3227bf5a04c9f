import { describe, expect, it } from 'vitest';
import { API_CHANNELS, IPC_CHANNELS } from '../protocol/ipc-contract';
import { ParleyIpcError, createParleyApi } from './api';

describe('createParleyApi', () => {
  it('exposes one named function per channel and nothing else', () => {
    const api = createParleyApi(async () => ({ ok: true, value: null }));
    expect(Object.keys(api).sort()).toEqual(Object.keys(API_CHANNELS).sort());
    expect(Object.values(API_CHANNELS).sort()).toEqual([...IPC_CHANNELS].sort());
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('passes the channel and arguments through and unwraps the result', async () => {
    const calls: unknown[] = [];
    const api = createParleyApi(async (channel, args) => {
      calls.push([channel, args]);
      return { ok: true, value: { name: 'Parley', version: '1', platform: 'linux', embeddedRelayUrl: null } };
    });
    await expect(api.getAppInfo()).resolves.toMatchObject({ name: 'Parley' });
    expect(calls).toEqual([['app:getInfo', []]]);
  });

  it('turns an error outcome into a ParleyIpcError carrying the code', async () => {
    const api = createParleyApi(async () => ({ ok: false, error: { code: 'invalid-argument', message: 'bad' } }));
    const error = await api.getAppInfo().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParleyIpcError);
    expect(error).toMatchObject({ code: 'invalid-argument', message: 'bad' });
  });
});
