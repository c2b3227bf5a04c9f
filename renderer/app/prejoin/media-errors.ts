// getUserMedia failures, mapped to messages a person can act on.
import type { MessageKey } from '../../i18n/i18n';

export function mediaErrorKey(kind: 'camera' | 'microphone', error: unknown): MessageKey {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return kind === 'camera' ? 'media.camera.denied' : 'media.microphone.denied';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return kind === 'camera' ? 'media.camera.missing' : 'media.microphone.missing';
    case 'NotReadableError':
    case 'AbortError':
      return kind === 'camera' ? 'media.camera.busy' : 'media.microphone.busy';
    default:
      return kind === 'camera' ? 'media.camera.failed' : 'media.microphone.failed';
  }
}
