import { describe, expect, it } from 'vitest';
import { iceServersAfterJoin } from './ice-servers';
import type { JoinedRoom } from './relay-port';

const joined = (over: Partial<JoinedRoom>): JoinedRoom => ({ peerId: 'p', members: [], turn: null, stunUrls: [], ...over });
const turn = { urls: ['turn:t.example:3478'], username: 'u', credential: 'c' };

describe('ICE servers from the relay', () => {
  it('STUN and TURN as the relay offers them, nobody else\'s', () => {
    expect(iceServersAfterJoin([], joined({}), 'all')).toEqual([]);
    expect(iceServersAfterJoin([], joined({ stunUrls: ['stun:r.example:8443'] }), 'all')).toEqual([{ urls: ['stun:r.example:8443'] }]);
    expect(iceServersAfterJoin([], joined({ stunUrls: ['stun:r.example:8443'], turn }), 'all')).toEqual([{ urls: ['stun:r.example:8443'] }, turn]);
  });

  it('a relayed-only call keeps the last TURN credentials when a re-join brings none', () => {
    const before = [turn];
    expect(iceServersAfterJoin(before, joined({}), 'relay')).toBe(before);
    expect(iceServersAfterJoin(before, joined({ stunUrls: ['stun:x'] }), 'all')).toEqual([{ urls: ['stun:x'] }]);
  });
});
