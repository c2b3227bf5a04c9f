// `npm run demo -- --participants 3 --seconds 20 [--relay-url ws://127.0.0.1:PORT]`
// A real end-to-end encrypted call in headless Chromium through a relay on 127.0.0.1, driven
// through Parley's own UI. Prints what each participant received from each other one and what
// the relay saw; exits non-zero if anyone failed to get anyone's video or audio, or if a
// plaintext marker (SDP, ICE candidates, names, identity keys, chat) reached the relay.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { admit, askToJoin, connectionDetails, remoteMedia, sendChat, startMeeting } from '../test/harness/call-flow';
import { RENDERER_DIST, identityKeysOf, startHarness } from '../test/harness/harness';
import { SDP_START, relayLeaks } from '../test/harness/relay-scan';
import { buildAll } from './build.mjs';

const NAMES = ['Alice Anders', 'Bob Berger', 'Carla Costa', 'Dan Dorsey', 'Eva Engel', 'Farid Fox', 'Greta Gray', 'Hugo Hale'];
const CHAT_MARKER = 'demo-chat-marker-7f3a';

const { values } = parseArgs({
  options: {
    participants: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '20' },
    'relay-url': { type: 'string' },
  },
});
const participants = Number(values.participants);
const seconds = Number(values.seconds);
if (!Number.isInteger(participants) || participants < 2 || participants > 8 || !(seconds >= 3)) {
  console.error('usage: npm run demo -- [--participants 2..8] [--seconds >=3] [--relay-url ws://127.0.0.1:PORT]');
  process.exit(2);
}
if (!existsSync(path.join(RENDERER_DIST, 'index.html'))) await buildAll({ quiet: true });

const relayUrl = values['relay-url'];
const harness = await startHarness({ participants, ...(relayUrl ? { externalRelayUrl: relayUrl } : { relay: true }) });
let failed = false;
try {
  const pages = harness.pages.map((p) => p.page);
  await Promise.all(pages.map((page) => page.goto(`${harness.origin}/index.html`)));
  const started = Date.now();
  const invite = await startMeeting(pages[0]!, NAMES[0]!);
  for (let i = 1; i < participants; i++) {
    await askToJoin(pages[i]!, invite, NAMES[i]!);
    await admit(pages[0]!, NAMES[i]!);
  }
  console.log(`${participants} participants joined and were admitted in ${((Date.now() - started) / 1000).toFixed(1)} s; talking for ${seconds} s…`);
  await sendChat(pages[1]!, CHAT_MARKER);
  await new Promise((r) => setTimeout(r, seconds * 1000));

  const rows: Record<string, string | number>[] = [];
  for (const [index, page] of pages.entries()) {
    const windowMs = 2000;
    const media = await remoteMedia(page, windowMs);
    for (let j = 0; j < participants; j++) {
      if (j === index) continue;
      const from = media.find((m) => m.name === NAMES[j]);
      const fps = from ? from.frames / (windowMs / 1000) : 0;
      const audio = from?.audioLevel ?? 0;
      const details = await connectionDetails(page, NAMES[j]!);
      // What j says it sent to this participant, from j's own connection details.
      const sentByThem = (await connectionDetails(pages[j]!, NAMES[index]!))['frames-sent'] ?? '?';
      const decryptFailures = Number(details['decrypt-failures'] ?? NaN);
      const encrypted = details.encryption?.startsWith('On (SFrame') === true;
      const ok = fps > 1 && audio > 0.01 && encrypted && details['frames-decoded'] !== '0';
      if (!ok) failed = true;
      rows.push({
        participant: NAMES[index]!,
        from: NAMES[j]!,
        'video fps': fps.toFixed(1),
        'audio peak': audio.toFixed(3),
        'frames sent (by from)': sentByThem,
        'frames decoded': details['frames-decoded'] ?? '?',
        'receive': details.receive ?? '?',
        'send': details.send ?? '?',
        'decrypt failures': Number.isNaN(decryptFailures) ? '?' : decryptFailures,
        'E2EE': details.encryption ?? '?',
        ok: ok ? 'yes' : 'NO',
      });
    }
  }
  console.table(rows);

  if (harness.relay) {
    const frames = harness.relay.forwarded;
    const leaks = relayLeaks(frames, [SDP_START, 'a=fingerprint', 'candidate', '127.0.0.1', CHAT_MARKER, ...NAMES.slice(0, participants)], await identityKeysOf(harness));
    const bytes = frames.reduce((sum, frame) => sum + frame.length, 0);
    console.log(`relay forwarded ${frames.length} frames, ${bytes} bytes; plaintext markers found: ${leaks.length === 0 ? 'none' : leaks.join(', ')}`);
    if (leaks.length > 0) failed = true;
  } else {
    console.log(`relay ${relayUrl}: external, its traffic was not captured`);
  }
} finally {
  await harness.close();
}
console.log(failed ? 'FAILED: see the rows marked NO above' : 'OK: every participant decoded every other participant’s video and audio');
process.exit(failed ? 1 : 0);
