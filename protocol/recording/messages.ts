// The body of a 'recording' payload (PROTOCOL.md §12.2). It travels inside the pairwise
// ratchet, so its sender is authenticated; only the consent also carries its own signature,
// because the recorder's main process must check it without trusting the recorder's renderer.
//
//   recording body = kind u8 || ...
//     1 request:  request (§12.1)                            (recorder -> each participant)
//     2 consent:  consent (§12.1)                            (participant -> recorder)
//     3 decline:  recordingId [16]                           (participant -> recorder)
//     4 withdraw: recordingId [16]                           (participant -> recorder)
//     5 status:   recordingId [16] || state u8               (recorder -> everyone)
//                 state: 1 waiting for consent, 2 recording, 3 paused, 4 stopped
import { ByteReader, ByteWriter } from '../bytes';
import { ProtocolError } from '../errors';
import type { RecordingRequest, SignedConsent } from './consent';
import { CONSENT_LENGTH, RECORDING_ID_LENGTH, REQUEST_LENGTH, decodeConsent, decodeRequest, encodeConsent, encodeRequest } from './consent';

export type RecordingStatus = 'waiting' | 'recording' | 'paused' | 'stopped';
const STATUS_CODES: Record<RecordingStatus, number> = { waiting: 1, recording: 2, paused: 3, stopped: 4 };
const STATUS_BY_CODE = new Map(Object.entries(STATUS_CODES).map(([k, v]) => [v, k as RecordingStatus]));

export type RecordingMessage =
  | { kind: 'request'; request: RecordingRequest }
  | { kind: 'consent'; consent: SignedConsent }
  | { kind: 'decline'; recordingId: Uint8Array }
  | { kind: 'withdraw'; recordingId: Uint8Array }
  | { kind: 'status'; recordingId: Uint8Array; status: RecordingStatus };

const KIND_CODES = { request: 1, consent: 2, decline: 3, withdraw: 4, status: 5 } as const satisfies Record<RecordingMessage['kind'], number>;

export function encodeRecordingMessage(message: RecordingMessage): Uint8Array {
  const w = new ByteWriter().u8(KIND_CODES[message.kind]);
  switch (message.kind) {
    case 'request':
      return w.rest(encodeRequest(message.request)).finish();
    case 'consent':
      return w.rest(encodeConsent(message.consent)).finish();
    case 'decline':
    case 'withdraw':
      return w.fixed(message.recordingId, RECORDING_ID_LENGTH, 'recording id').finish();
    case 'status':
      return w.fixed(message.recordingId, RECORDING_ID_LENGTH, 'recording id').u8(STATUS_CODES[message.status]).finish();
  }
}

export function decodeRecordingMessage(bytes: Uint8Array): RecordingMessage {
  const r = new ByteReader(bytes, 'recording message');
  const kind = r.u8('kind');
  switch (kind) {
    case 1: {
      const request = decodeRequest(r.fixed(REQUEST_LENGTH, 'request'));
      r.end();
      return { kind: 'request', request };
    }
    case 2: {
      const consent = decodeConsent(r.fixed(CONSENT_LENGTH, 'consent'));
      r.end();
      return { kind: 'consent', consent };
    }
    case 3:
    case 4: {
      const recordingId = r.fixed(RECORDING_ID_LENGTH, 'recording id');
      r.end();
      return { kind: kind === 3 ? 'decline' : 'withdraw', recordingId };
    }
    case 5: {
      const recordingId = r.fixed(RECORDING_ID_LENGTH, 'recording id');
      const code = r.u8('state');
      r.end();
      const status = STATUS_BY_CODE.get(code);
      if (!status) throw new ProtocolError('malformed', `recording message: state ${code} is unknown`);
      return { kind: 'status', recordingId, status };
    }
    default:
      throw new ProtocolError('malformed', `recording message: kind ${kind} is unknown`);
  }
}
