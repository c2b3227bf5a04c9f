// Decoding real QR codes: a signed contact card rendered by the app's own QR generator into
// RGBA pixels, the way a camera frame arrives, then read back.
import { describe, expect, it } from 'vitest';
import { contactLink, openContactLink, signContactCard } from '../../protocol/contact/contact-card';
import { testIdentity } from '../../protocol/contact/test-identities';
import { nobleProvider } from '../../protocol/crypto/noble-provider';
import { qrMatrix } from '../ui/qr';
import { type Frame, scanFrame } from './qr-scan';

/** The QR of `text`, `scale` pixels per module, a 4-module quiet zone, optionally light-on-dark. */
function qrFrame(text: string, scale = 4, inverted = false): Frame {
  const matrix = qrMatrix(text);
  const quiet = 4;
  const size = (matrix.size + 2 * quiet) * scale;
  const data = new Uint8ClampedArray(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const row = Math.floor(y / scale) - quiet;
      const col = Math.floor(x / scale) - quiet;
      const inside = row >= 0 && col >= 0 && row < matrix.size && col < matrix.size;
      const dark = inside && matrix.isDark(row, col);
      const value = dark !== inverted ? 0 : 255;
      data.set([value, value, value, 255], (y * size + x) * 4);
    }
  }
  return { data, width: size, height: size };
}

const id = await testIdentity();
const card = await signContactCard(
  { displayName: 'Ada Lovelace', identityKey: id.identityKey, mailboxId: new Uint8Array(16).fill(7), relayUrl: 'wss://relay.example.org', issuedAt: 1_700_000_000_000 },
  id.sign,
);
const link = contactLink(card);

describe('scanFrame', () => {
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
