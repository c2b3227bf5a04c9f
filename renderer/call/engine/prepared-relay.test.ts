import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RelayConnection, RelayEvents } from './relay-port';
import { PREPARED_RELAY_MS, PreparedRelay } from './prepared-relay';

interface FakeSocket {
  url: string;
  events: RelayEvents;
  closed: boolean;
  connection: RelayConnection;
}

function fakeConnect() {
  const sockets: FakeSocket[] = [];
  const connect = (url: string, events: RelayEvents): RelayConnection => {
    const socket: FakeSocket = { url, events, closed: false, connection: null as unknown as RelayConnection };
    socket.connection = {
      join: async () => ({ peerId: 'p', members: [], turn: null, stunUrls: [] }),
      send: () => true,
      publish: () => {},
      close: () => void (socket.closed = true),
    } as unknown as RelayConnection;
    sockets.push(socket);
    return socket.connection;
  };
  return { sockets, connect };
}

function recordingEvents() {
  const seen: string[] = [];
  const events: RelayEvents = {
    onMessage: (from) => void seen.push(`message ${from}`),
    onPeerLeft: (peerId) => void seen.push(`left ${peerId}`),
    onStatus: (status) => void seen.push(`status ${status}`),
    onRejoined: () => void seen.push('rejoined'),
    onFatal: (code) => void seen.push(`fatal ${code}`),
  };
  return { seen, events };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('PreparedRelay', () => {
  it('hands the open socket to the join for the same relay, with the status it reached and the events after', () => {
    const { sockets, connect } = fakeConnect();
    const prepared = new PreparedRelay(connect);
    prepared.open('wss://relay.example');
    prepared.open('wss://relay.example'); // the screen re-rendered: still one socket
    expect(sockets).toHaveLength(1);
    sockets[0]!.events.onStatus('connected');
    sockets[0]!.events.onMessage('nobody', new Uint8Array(1)); // before the join: heard by no one
    const { seen, events } = recordingEvents();
    const relay = prepared.claim().connect('wss://relay.example', events);
    expect(relay).toBe(sockets[0]!.connection);
    sockets[0]!.events.onPeerLeft('abc');
    expect(seen).toEqual(['status connected', 'left abc']);
    // Taken over: the timer no longer closes it, and a second claim has nothing.
    vi.advanceTimersByTime(PREPARED_RELAY_MS * 2);
    expect(sockets[0]!.closed).toBe(false);
    prepared.claim().connect('wss://relay.example', recordingEvents().events);
    expect(sockets).toHaveLength(2);
  });

  it('a join for another relay closes the prepared socket and opens its own', () => {
    const { sockets, connect } = fakeConnect();
    const prepared = new PreparedRelay(connect);
    prepared.open('wss://a.example');
    const relay = prepared.claim().connect('wss://b.example', recordingEvents().events);
    expect(sockets.map((s) => [s.url, s.closed])).toEqual([['wss://a.example', true], ['wss://b.example', false]]);
    expect(relay).toBe(sockets[1]!.connection);
  });

  it('closes what nobody took: on release, on discard after a failed join, on a new relay, after PREPARED_RELAY_MS', () => {
    const { sockets, connect } = fakeConnect();
    const prepared = new PreparedRelay(connect);
    prepared.open('wss://a.example');
    prepared.release();
    prepared.open('wss://b.example');
    prepared.claim().discard();
    prepared.open('wss://c.example');
    prepared.open('wss://d.example');
    expect(sockets.map((s) => s.closed)).toEqual([true, true, true, false]);
    vi.advanceTimersByTime(PREPARED_RELAY_MS - 1);
    expect(sockets[3]!.closed).toBe(false);
    vi.advanceTimersByTime(1);
    expect(sockets[3]!.closed).toBe(true);
  });
});
