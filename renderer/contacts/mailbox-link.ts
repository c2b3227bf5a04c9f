// The relay connections for mailboxes (PROTOCOL.md §13.4). Listening runs on one long-lived
// connection to our own relay; posts go out on separate connections (one per relay a contact's
// card names), so the relay does not see our listening connection post and cannot tie the
// mailbox we listen on to the mailboxes we ring.
import { RelayClient } from '../../protocol/relay-client/client';
import type { RelaySocketConstructor } from '../../protocol/relay-client/socket';
import type { MailboxPort } from './ringer';

/** A post waits at most this long for its connection to open. */
const POST_CONNECT_MS = 5000;

export class MailboxLink implements MailboxPort {
  private listener: { url: string; client: RelayClient } | null = null;
  private readonly posters = new Map<string, RelayClient>();
  private readonly handlers: ((mailboxId: Uint8Array, blob: Uint8Array) => void)[] = [];

  constructor(private readonly WebSocket: RelaySocketConstructor) {}

  listen(relayUrl: string, mailboxIds: Uint8Array[]): void {
    if (this.listener?.url !== relayUrl) {
      this.listener?.client.close();
      const client = new RelayClient({ url: relayUrl, WebSocket: this.WebSocket });
      client.on('mail', ({ mailboxId, blob }) => {
        for (const handler of this.handlers) handler(mailboxId, blob);
      });
      client.connect();
      this.listener = { url: relayUrl, client };
    }
    this.listener.client.listen(mailboxIds);
  }

  onMail(handler: (mailboxId: Uint8Array, blob: Uint8Array) => void): void {
    this.handlers.push(handler);
  }

  async post(relayUrl: string, mailboxId: Uint8Array, blob: Uint8Array): Promise<void> {
    let client = this.posters.get(relayUrl);
    if (!client) {
      client = new RelayClient({ url: relayUrl, WebSocket: this.WebSocket });
      client.connect();
      this.posters.set(relayUrl, client);
    }
    if (client.post(mailboxId, blob)) return;
    const poster = client;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`The relay ${relayUrl} did not answer`));
      }, POST_CONNECT_MS);
      const off = poster.on('state', ({ state }) => {
        if (state !== 'open') return;
        clearTimeout(timer);
        off();
        poster.post(mailboxId, blob);
        resolve();
      });
    });
  }

  close(): void {
    this.listener?.client.close();
    this.listener = null;
    for (const client of this.posters.values()) client.close();
    this.posters.clear();
  }
}
