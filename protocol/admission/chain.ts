// The succession of hosts in one meeting (PROTOCOL.md §14.4), as pure functions over checked
// messages. A chain is the list of hand-overs from the invite's host to the host now. Rules:
// each link is signed by the previous link's successor (the first by the invite's host); nobody
// hands the role to themselves; nobody signs two hand-overs in one meeting; seqs only grow. Two
// valid chains that differ at some position are a fork: its signer handed the role to two people,
// and the meeting's host role is disputed from there (§14.4, "Forks").
import { equalBytes } from '@noble/curves/utils.js';
import type { CheckResults } from './check';
import { MAX_CHAIN_LINKS } from './messages';
import type { HandOverLink } from './messages';
import { meetingStateDigest } from './statement';
import type { MeetingState, Signed, Statement } from './statement';

/** Why a message's chain (or its final statement) does not hold, as counted by the machine. */
export type ChainFault =
  | 'wrong-room'
  | 'mixed-epoch'
  | 'not-root'
  | 'broken-chain'
  | 'self-hand-over'
  | 'repeated-signer'
  | 'seq-order'
  | 'too-long'
  | 'bad-signature'
  | 'digest-mismatch'
  | 'host-not-admitted'
  | 'successor-not-admitted';


/**
 * Checks one message on its own (§14.6 steps 1-3): the links, then the final statement, which
 * must be made by the chain's last successor after the last link. `checks` is omitted for the
 * structural screening done before any signature is verified.
 */
export function chainFault(roomId: Uint8Array, links: readonly HandOverLink[], final: Signed | null, carried: { state: MeetingState } | null, checks?: CheckResults): ChainFault | null {
  const statements: Signed[] = final ? [...links, final] : [...links];
  const first = statements[0];
  if (!first) return null;
  if (statements.some((s) => !equalBytes(s.statement.roomId, roomId))) return 'wrong-room';
  if (statements.some((s) => s.statement.epoch !== first.statement.epoch)) return 'mixed-epoch';
  const handOvers = handOversOf(links, final);
  if (handOvers.length > MAX_CHAIN_LINKS) return 'too-long';
  const signers = new Set<string>();
  for (const [i, link] of handOvers.entries()) {
    const previous = handOvers[i - 1];
    if (previous && !equalBytes(link.statement.signer, successorKey(previous))) return 'broken-chain';
    if (link.signerId === link.successorId) return 'self-hand-over';
    if (signers.has(link.signerId)) return 'repeated-signer';
    signers.add(link.signerId);
    if (previous && link.statement.seq <= previous.statement.seq) return 'seq-order';
  }
  const last = links.at(-1);
  if (final && last) {
    if (!equalBytes(final.statement.signer, successorKey(last))) return 'broken-chain';
    // A deny is made in the state the host holds, which may be the hand-over that made it host.
    const after = final.statement.kind === 'deny' ? final.statement.seq >= last.statement.seq : final.statement.seq > last.statement.seq;
    if (!after) return 'seq-order';
  }
  if (final && carried && final.statement.kind !== 'deny') {
    // Computed here from the state itself: nothing a sender says about its own digest counts.
    const digest = meetingStateDigest(carried.state);
    if (!digest || !equalBytes(final.statement.stateDigest, digest)) return 'digest-mismatch';
    if (!carried.state.admitted.includes(final.signerId)) return 'host-not-admitted';
    if (final.successorId !== undefined && !carried.state.admitted.includes(final.successorId)) return 'successor-not-admitted';
  }
  if (!checks) return null;
  if (!checks.rootMatches) return 'not-root';
  if (checks.signatures.length !== statements.length || checks.signatures.some((ok) => !ok)) return 'bad-signature';
  return null;
}

export function successorKey(link: HandOverLink): Uint8Array {
  return link.statement.successor;
}

/** The hand-overs a message adds to the chain: its links, and its final statement if that is one. */
export function handOversOf(links: readonly HandOverLink[], final: Signed | null): HandOverLink[] {
  return final?.statement.kind === 'hand-over' ? [...links, final as HandOverLink] : [...links];
}

export type ChainMerge = { path: HandOverLink[] } | { forkAt: number };

/** Joins a chain into the one we hold: the longer one if one extends the other, else a fork. */
export function mergeChain(path: readonly HandOverLink[], chain: readonly HandOverLink[]): ChainMerge {
  const common = Math.min(path.length, chain.length);
  for (let i = 0; i < common; i++) if (!equalBytes(path[i]!.bytes, chain[i]!.bytes)) return { forkAt: i };
  return { path: chain.length > path.length ? [...chain] : [...path] };
}

/** The key that holds the host role after the chain. */
export function holderAfter(rootKey: Uint8Array, path: readonly HandOverLink[]): Uint8Array {
  const last = path.at(-1);
  return last ? successorKey(last) : rootKey;
}

/** The key whose tenure covers `seq`: the root up to its hand-over, then each successor in turn. */
export function holderAt(rootKey: Uint8Array, path: readonly HandOverLink[], seq: number): Uint8Array {
  let holder = rootKey;
  for (const link of path) {
    if (seq <= link.statement.seq) return holder;
    holder = successorKey(link);
  }
  return holder;
}

/**
 * Whether a state statement may be the meeting's state under this chain (§14.4, "Tenures"): its
 * signer held the role at its seq, and at the seq of a hand-over only that hand-over counts.
 */
export function fitsChain(rootKey: Uint8Array, path: readonly HandOverLink[], final: Signed<Statement>): boolean {
  const seq = final.statement.seq;
  const closing = path.find((link) => link.statement.seq === seq);
  if (closing) return equalBytes(closing.bytes, final.bytes);
  return equalBytes(holderAt(rootKey, path, seq), final.statement.signer);
}

export function lastLinkSeq(path: readonly HandOverLink[]): number {
  return path.at(-1)?.statement.seq ?? 0;
}
