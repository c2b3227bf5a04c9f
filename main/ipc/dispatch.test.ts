import { describe, expect, it } from 'vitest';
import { IpcRefusal, dispatchIpc } from './dispatch';
import type { IpcHandlers } from './dispatch';

const info = { name: 'Parley', version: '0', platform: 'linux', embeddedRelayUrl: null };

function handlersWith(getInfo: IpcHandlers['app:getInfo']): IpcHandlers {
  // Only app:getInfo is exercised here; the other channels are never reached.
  return { 'app:getInfo': getInfo } as Partial<IpcHandlers> as IpcHandlers;
}

describe('dispatchIpc', () => {
  it('runs the handler for a known channel with valid arguments', async () => {
    await expect(dispatchIpc(handlersWith(async () => info), 'app:getInfo', [])).resolves.toEqual({ ok: true, value: info });
  });

  it.each([
    ['not a channel', 'app:nope', []],
    ['a non-string channel', 42, []],
    ['a prototype key', '__proto__', []],
  ])('refuses %s', async (_label, channel, args) => {
    const outcome = await dispatchIpc(handlersWith(async () => info), channel, args);
    expect(outcome).toEqual({ ok: false, error: { code: 'unknown-channel', message: 'Unknown IPC channel' } });
  });

  it.each([
    ['extra arguments', ['x']],
    ['arguments that are not an array', 'x'],
    ['missing arguments', undefined],
  ])('refuses %s before the handler runs', async (_label, args) => {
    let ran = false;
    const outcome = await dispatchIpc(handlersWith(async () => ((ran = true), info)), 'app:getInfo', args);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(ran).toBe(false);
  });

  it('passes a refusal through and hides unexpected errors', async () => {
    const refused = await dispatchIpc(handlersWith(async () => { throw new IpcRefusal('locked', 'Keystore is locked'); }), 'app:getInfo', []);
    expect(refused).toEqual({ ok: false, error: { code: 'locked', message: 'Keystore is locked' } });
    const seen: unknown[] = [];
    const crashed = await dispatchIpc(
      handlersWith(async () => { throw new Error('secret detail /home/x/key'); }),
      'app:getInfo',
      [],
      (_c, e) => seen.push(e),
    );
    expect(crashed).toEqual({ ok: false, error: { code: 'internal', message: 'app:getInfo failed' } });
    expect(seen).toHaveLength(1);
  });
});
