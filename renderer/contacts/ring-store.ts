// What the contacts UI shows: the contact book from main, our own card, and the ring in progress
// (incoming or outgoing). The Ringer (ringer.ts) is the only writer of the ringing state.
import { create } from 'zustand';
import type { ContactBook, ContactEntry, MyContactCard } from '../../protocol/ipc-contract';
import type { AnswerOutcome } from '../../protocol/contact/ring-message';

export interface IncomingRing {
  callId: string;
  caller: ContactEntry;
  teamName: string;
  inviteLink: string;
  expiresAt: number;
}

export type CalleeStatus = 'ringing' | AnswerOutcome;

export interface OutgoingRing {
  callId: string;
  teamName: string;
  callees: { contactId: string; displayName: string; status: CalleeStatus }[];
  expiresAt: number;
}

export interface RingState {
  book: ContactBook | null;
  myCard: MyContactCard | null;
  incoming: IncomingRing | null;
  outgoing: OutgoingRing | null;
  /** The last thing that went wrong (a ProtocolError / IPC refusal message), for the UI. */
  problem: string | null;
}

export const initialRingState: RingState = { book: null, myCard: null, incoming: null, outgoing: null, problem: null };

export const useRingStore = create<RingState>(() => initialRingState);
