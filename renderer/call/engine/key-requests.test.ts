import { describe, expect, it } from 'vitest';
import { HONOUR_EVERY_MS, KeyRequests, MISSING_KEY_FAILURES, REQUEST_EVERY_MS } from './key-requests';

const failed = (decryptFailures: number, framesUnprotected = 0) => ({ decryptFailures, framesUnprotected });

describe('media key requests', () => {
  it('asks once a whole interval of frames failed to decrypt and nothing was decoded', () => {
    const requests = new KeyRequests();
    expect(requests.shouldRequest('p', failed(MISSING_KEY_FAILURES - 1), 0)).toBe(false);
    expect(requests.shouldRequest('p', failed(MISSING_KEY_FAILURES - 1 + MISSING_KEY_FAILURES), 1000)).toBe(true);
  });

  it('does not ask while frames still decode (a few bad frames are tampering or loss, not a missing key)', () => {
    const requests = new KeyRequests();
    expect(requests.shouldRequest('p', failed(50, 12), 0)).toBe(false);
    expect(requests.shouldRequest('p', failed(100, 12), 1000)).toBe(true);
  });

  it('asks at most once every few seconds per peer, and per peer', () => {
    const requests = new KeyRequests();
    expect(requests.shouldRequest('p', failed(20), 0)).toBe(true);
    expect(requests.shouldRequest('p', failed(40), 1000)).toBe(false);
    expect(requests.shouldRequest('q', failed(20), 1000)).toBe(true);
    expect(requests.shouldRequest('p', failed(60), REQUEST_EVERY_MS)).toBe(true);
  });

  it('shows a peer as encrypted only once a frame from it decrypted, and not while none does', () => {
    const requests = new KeyRequests();
    expect(requests.decrypting('p')).toBe(false);
    // Frames arrive, but we lack the key: not encrypted (a stream object alone proves nothing).
    requests.shouldRequest('p', failed(30), 0);
    expect(requests.decrypting('p')).toBe(false);
    requests.shouldRequest('p', failed(31, 5), 1000);
    expect(requests.decrypting('p')).toBe(true);
    // Nothing arrives (camera and microphone off): still encrypted.
    requests.shouldRequest('p', failed(31, 5), 2000);
    expect(requests.decrypting('p')).toBe(true);
    // Frames stop decrypting (a key that never came after a rotation): not encrypted any more.
    requests.shouldRequest('p', failed(60, 5), 3000);
    expect(requests.decrypting('p')).toBe(false);
    requests.forget('p');
    expect(requests.decrypting('p')).toBe(false);
  });

  it('honours one request per peer every two seconds', () => {
    const requests = new KeyRequests();
    expect(requests.shouldHonour('p', 0)).toBe(true);
    expect(requests.shouldHonour('p', HONOUR_EVERY_MS - 1)).toBe(false);
    expect(requests.shouldHonour('q', 1)).toBe(true);
    expect(requests.shouldHonour('p', HONOUR_EVERY_MS)).toBe(true);
  });

  it('starts over for a new connection', () => {
    const requests = new KeyRequests();
    requests.shouldRequest('p', failed(100), 0);
    requests.forget('p');
    // The new connection's counter starts at 0 again: 15 new failures are a missing key.
    expect(requests.shouldRequest('p', failed(15), 1)).toBe(true);
  });
});
