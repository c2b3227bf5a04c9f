import { describe, expect, it } from 'vitest';
import { hasOurMediaSlots, sdpFingerprint } from './peer-link';

const sdp = (fingerprint: string) => ['v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 'm=audio 9 UDP/TLS/RTP/SAVPF 111', `a=fingerprint:${fingerprint}`, 'a=setup:actpass', ''].join('\r\n');

describe('sdpFingerprint', () => {
  it('reads the DTLS certificate fingerprint that tells one RTCPeerConnection from another', () => {
    const a = sdp('sha-256 AA:BB:CC');
    const b = sdp('sha-256 DD:EE:FF');
    expect(sdpFingerprint(a)).toBe('sha-256 AA:BB:CC');
    expect(sdpFingerprint(a)).not.toBe(sdpFingerprint(b));
    // An ICE restart offer from the same connection keeps its certificate.
    expect(sdpFingerprint(a.replace('a=setup:actpass', 'a=ice-ufrag:new'))).toBe(sdpFingerprint(a));
  });

  it('is null for an SDP without one', () => {
    expect(sdpFingerprint('v=0\r\ns=-\r\n')).toBeNull();
  });
});

describe('hasOurMediaSlots', () => {
  const offer = (...kinds: string[]) => ['v=0', 's=-', ...kinds.map((kind, i) => `m=${kind} 9 UDP/TLS/RTP/SAVPF ${96 + i}\r\na=mid:${i}`), ''].join('\r\n');
  it('accepts exactly audio, camera and screen, with or without the data channel (anywhere)', () => {
    expect(hasOurMediaSlots(offer('audio', 'video', 'video', 'application'))).toBe(true);
    expect(hasOurMediaSlots(offer('application', 'audio', 'video', 'video'))).toBe(true);
    expect(hasOurMediaSlots(offer('audio', 'video', 'video'))).toBe(true);
  });

  it('refuses an extra, a missing or a reordered m-line (issue 16: a transceiver without an SFrame transform)', () => {
    expect(hasOurMediaSlots(offer('audio', 'video', 'video', 'video', 'application'))).toBe(false);
    expect(hasOurMediaSlots(offer('audio', 'audio', 'video', 'video'))).toBe(false);
    expect(hasOurMediaSlots(offer('audio', 'video', 'application'))).toBe(false);
    expect(hasOurMediaSlots(offer('video', 'audio', 'video'))).toBe(false);
    expect(hasOurMediaSlots(offer('audio', 'video', 'video', 'application', 'application'))).toBe(false);
    expect(hasOurMediaSlots(offer('audio', 'video', 'video', 'text'))).toBe(false);
    expect(hasOurMediaSlots('v=0\r\ns=-\r\n')).toBe(false);
  });
});
