/** A relay is a WebSocket URL with a host: ws:// (local networks) or wss://. */
export function isRelayUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'ws:' || url.protocol === 'wss:') && url.hostname !== '';
  } catch {
    return false;
  }
}
