// Decoding real QR codes: a signed contact card rendered by the app's own QR generator into
// RGBA pixels, the way a camera frame arrives, then read back.
import { describe, expect, it } from 'vitest';
import { contactLink, openContactLink, signContactCard } from '../../protocol/contact/contact-card';
import { testIdentity } from '../../protocol/contact/test-identities';
import { nobleProvider } from '../../protocol/crypto/noble-provider';
import { decodeQr } from '../ui/qr-decode';
import type { Frame } from '../ui/qr-decode';
import { qrFrame } from '../ui/qr-frame';
import { scanCard } from './qr-scan';

const scanFrame = (frame: Frame) => scanCard(decodeQr(frame));

const id = await testIdentity();
const card = await signContactCard(
  { displayName: 'Ada Lovelace', identityKey: id.identityKey, mailboxId: new Uint8Array(16).fill(7), relayUrl: 'wss://relay.example.org', issuedAt: 1_700_000_000_000 },
  id.sign,
);
const link = contactLink(card);

describe('scanning a contact card', () => {
  it('reads a signed contact card from its QR code, and the link still verifies', async () => {
    const scan = scanFrame(qrFrame(link));
    expect(scan).toEqual({ kind: 'card', link });
    const opened = await openContactLink(nobleProvider, scan.kind === 'card' ? scan.link : '');
    expect(opened.displayName).toBe('Ada Lovelace');
  });

  it('reads a light-on-dark code (a card shown in a dark theme)', () => {
    expect(scanFrame(qrFrame(link, 4, true))).toEqual({ kind: 'card', link });
  });

  it('tells a QR code that is not a contact card from no code at all', () => {
    expect(scanFrame(qrFrame('parley://join#AAAA.bbbb'))).toEqual({ kind: 'other' });
    const blank = { data: new Uint8ClampedArray(200 * 200 * 4).fill(255), width: 200, height: 200 };
    expect(scanFrame(blank)).toEqual({ kind: 'none' });
  });
});

describe('decodeQr', () => {
  it('gives back binary content byte for byte (a safety number\'s scannable payload)', () => {
    const payload = Uint8Array.from({ length: 74 }, (_, i) => (i * 37 + 200) % 256);
    expect(decodeQr(qrFrame(payload, 3))?.bytes).toEqual(payload);
  });
});
