// Size limits of the envelopes peers exchange through the relay (PROTOCOL.md §7.5). Decoders check
// them before doing anything else, so a hostile peer cannot make us allocate or work more than this.

/** Largest envelope a peer sends or accepts (an SDP offer with simulcast is ~10 KB). */
export const MAX_ENVELOPE_LENGTH = 64 * 1024;
/** AEAD tag appended to every ratchet ciphertext. */
export const AEAD_TAG_LENGTH = 16;
