// A pasted invite link is checked on Home with the protocol's own parser (PROTOCOL.md §4.3), so a
// cut-off or mistyped link is refused there, with the exact reason, instead of after the camera
// check. The engine parses it again when it joins (and checks the organisation's relays).
import { parseInvite } from '../../protocol/room/invite';

/** Why `text` is not an invite link, or null when it is one. */
export function inviteLinkProblem(text: string): string | null {
  try {
    parseInvite(text);
    return null;
  } catch (error) {
    return (error as Error).message.replace(/^Invalid invite link: /, '');
  }
}
