import { describe, expect, it } from 'vitest';
import { reachabilityVerdict } from './reachability-verdict';
import type { CandidateType } from './reachability';

const of = (...types: CandidateType[]) => new Set(types);

describe('reachability verdict', () => {
  it('TURN decides when the relay offers it', () => {
    expect(reachabilityVerdict({ relayUrl: 'wss://r.example', stun: true, turn: true, gathered: of('host', 'srflx', 'relay') })).toBe('turn-ok');
    expect(reachabilityVerdict({ relayUrl: 'wss://r.example', stun: true, turn: true, gathered: of('host', 'srflx') })).toBe('turn-unreachable');
  });

  it('without TURN, a public address from STUN means ordinary home routers work', () => {
    expect(reachabilityVerdict({ relayUrl: 'wss://r.example', stun: true, turn: false, gathered: of('host', 'srflx') })).toBe('stun-only');
    expect(reachabilityVerdict({ relayUrl: 'wss://r.example', stun: true, turn: false, gathered: of('host') })).toBe('stun-unreachable');
  });

  it('a relay without STUN or TURN works only where it is', () => {
    expect(reachabilityVerdict({ relayUrl: 'ws://192.168.1.4:5000', stun: false, turn: false, gathered: of() })).toBe('local-only');
    expect(reachabilityVerdict({ relayUrl: 'ws://127.0.0.1:5000', stun: false, turn: false, gathered: of() })).toBe('local-only');
    expect(reachabilityVerdict({ relayUrl: 'wss://r.example', stun: false, turn: false, gathered: of() })).toBe('stun-unreachable');
  });
});
