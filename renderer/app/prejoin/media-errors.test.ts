// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { mediaErrorKey } from './media-errors';

describe('mediaErrorKey', () => {
  it.each([
    ['NotAllowedError', 'media.camera.denied'],
    ['SecurityError', 'media.camera.denied'],
    ['NotFoundError', 'media.camera.missing'],
    ['OverconstrainedError', 'media.camera.missing'],
    ['NotReadableError', 'media.camera.busy'],
    ['TypeError', 'media.camera.failed'],
  ])('camera %s -> %s', (name, key) => {
    expect(mediaErrorKey('camera', new DOMException('x', name))).toBe(key);
  });

  it('has microphone messages of its own', () => {
    expect(mediaErrorKey('microphone', new DOMException('x', 'NotAllowedError'))).toBe('media.microphone.denied');
    expect(mediaErrorKey('microphone', 'weird')).toBe('media.microphone.failed');
  });
});
