// Calls between real machines (issue 15), across the network lab (test/lab/README.md): two
// Chromium pages, each in its own namespace with its own main services, driven through the UI.
// One lab for the file (building it is the slow part): two homes behind port-preserving NATs,
// two behind symmetric ones, an isolated LAN; on the internet a relay that answers STUN itself
// and has no TURN, one that hands out the lab coturn, and a third that is only some guest's
// own default. Each scenario uses its own homes' machines; after each one every page is parked on
// about:blank (a call left running, or ICE retrying, would slow the next scenario on two cores)
// and loaded again when its machines are used next.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { en as messagesEn } from '../../renderer/i18n/messages.en';
import { admit, askToJoin, confirmJoin, connectionDetails, expectEveryoneDecodesEveryone, openNewMeeting, startMeeting } from '../harness/call-flow';
import { SDP_START, relayLeaks } from '../harness/relay-scan';
import type { LabCoturn } from '../lab/coturn';
import { type Lab, type LabPage, createLab } from '../lab/lab';
import type { LabMachine } from '../lab/machine';
import { type SelectedPair, isLoopback, selectedCandidatePairs } from '../lab/observe';
import type { LabRelay } from '../lab/relay';

const NAMES = ['Alice Anders', 'Bob Berger'] as const;
/** Issue 15: a person whose call has no path learns it within 15 s. */
const NO_PATH_SHOWN_WITHIN_MS = 15_000;

let lab: Lab;
let coturn: LabCoturn;
/** relay.lab.test: STUN on its own port, no TURN. */
let stunRelay: LabRelay;
/** turnrelay.lab.test: STUN and the lab coturn. */
let turnRelay: LabRelay;
/** elsewhere.lab.test: a guest's own default relay that the host does not use. */
let otherRelay: LabRelay;

interface Person {
  machine: LabMachine;
  page: LabPage;
  /** Errors the page logged before this scenario (each scenario checks only its own). */
  errorsBefore: number;
}
const people = new Map<string, Promise<[Person, Person]>>();

/** Alice and Bob on two lab machines, started once; later scenarios on the same machines load the pages again. */
async function pair(slots: 'port-preserving' | 'symmetric' | 'lan'): Promise<[Person, Person]> {
  let started = people.get(slots);
  if (!started) {
    const machineSlots = slots === 'lan' ? lab.lan!.machines : lab.homes.filter((home) => home.nat === slots).map((home) => home.machine);
    started = Promise.all(
      machineSlots.slice(0, 2).map(async (slot) => {
        const machine = await lab.startMachine(slot);
        return { machine, page: await machine.openPage(), errorsBefore: 0 };
      }),
    ) as Promise<[Person, Person]>;
    people.set(slots, started);
    return started;
  }
  const both = await started;
  for (const person of both) {
    await person.page.page.goto(`${person.page.origin}/index.html`);
    person.errorsBefore = person.page.errors.length;
  }
  return both;
}

/** Alice hosts on `relayUrl` (or wherever her settings say), Bob asks to join with the link she copies (the app form, pasted on Home), she admits him. */
async function meet([alice, bob]: [Person, Person], relayUrl: string | null): Promise<string> {
  if (relayUrl) await alice.machine.call('settings:set', { relayUrl });
  const invite = await startMeeting(alice.page.page, NAMES[0]);
  await askToJoin(bob.page.page, invite, NAMES[1]);
  await admit(alice.page.page, NAMES[1]);
  return invite;
}

/** Each side's selected pair, once both have one. */
async function selectedPairs(alice: Person, bob: Person): Promise<SelectedPair[]> {
  let pairs: Array<SelectedPair | null> = [];
  await expect
    .poll(async () => {
      pairs = [...(await selectedCandidatePairs(alice.page.page)), ...(await selectedCandidatePairs(bob.page.page))];
      return pairs.length === 2 && pairs.every((p) => p?.connectionState === 'connected');
    }, { timeout: 10_000 })
    .toBe(true);
  return pairs as SelectedPair[];
}

/** What each side's connection details (participants panel) show about the other, once the path is known. */
async function detailsBothWays(alice: Person, bob: Person): Promise<Array<Record<string, string>>> {
  const shown = [
    [alice, NAMES[1]],
    [bob, NAMES[0]],
  ] as const;
  return Promise.all(
    shown.map(async ([person, other]) => {
      let details: Record<string, string> = {};
      await expect
        .poll(async () => {
          details = await connectionDetails(person.page.page, other);
          return details.candidates !== messagesEn['stats.unknown'];
        }, { timeout: 10_000 })
        .toBe(true);
      return details;
    }),
  );
}

function expectNoNewErrors(...persons: Person[]): void {
  for (const person of persons) expect(person.page.errors.slice(person.errorsBefore)).toEqual([]);
}

/** Nothing that identifies the call (SDP, candidates, names, identity keys, addresses) crossed `relay` in clear. */
async function expectRelaySawOnlyOpaqueBytes(relay: LabRelay, persons: Person[], addresses: string[]): Promise<void> {
  const identityKeys = await Promise.all(persons.map((person) => person.machine.identityKey()));
  expect(relayLeaks(await relay.forwarded(), [SDP_START, 'a=fingerprint', 'candidate', ...NAMES, ...addresses], identityKeys)).toEqual([]);
}

/** WebSocket connections `relay` has accepted so far (its own counter). */
async function acceptedConnections(relay: LabRelay): Promise<number> {
  const line = (await relay.metrics())?.split('\n').find((l) => l.startsWith('parley_relay_accepted_connections_total '));
  if (!line) throw new Error('the relay reports no accepted_connections counter');
  return Number(line.split(' ')[1]);
}

const homeAddresses = (nat: 'port-preserving' | 'symmetric') => lab.homes.filter((home) => home.nat === nat).flatMap((home) => [home.machine.address, home.router.wanAddress]);

beforeAll(async () => {
  lab = await createLab({ homes: [{ nat: 'port-preserving' }, { nat: 'port-preserving' }, { nat: 'symmetric' }, { nat: 'symmetric' }], lan: { machines: 2 } });
  coturn = await lab.startCoturn();
  [stunRelay, turnRelay, otherRelay] = await Promise.all([lab.startRelay(), lab.startRelay({ host: 'turnrelay', turn: coturn.turnConfig }), lab.startRelay({ host: 'elsewhere' })]);
});

afterEach(async () => {
  const started = await Promise.allSettled(people.values());
  const pages = started.flatMap((result) => (result.status === 'fulfilled' ? result.value.map((person) => person.page.page) : []));
  await Promise.allSettled(pages.map((page) => page.goto('about:blank')));
});

afterAll(async () => {
  await lab?.close();
});

describe('lab calls: two homes', () => {
  it('behind port-preserving NATs, with a relay that has STUN and no TURN: the call connects srflx to srflx, both decode, and the details say so', async () => {
    const [alice, bob] = await pair('port-preserving');
    await meet([alice, bob], stunRelay.url);
    await expectEveryoneDecodesEveryone([alice.page.page, bob.page.page], NAMES);

    for (const selected of await selectedPairs(alice, bob)) {
      expect(selected.local.candidateType, JSON.stringify(selected)).toBe('srflx');
      expect(['srflx', 'prflx'], JSON.stringify(selected)).toContain(selected.remote.candidateType);
      expect(isLoopback(selected.local.address), JSON.stringify(selected)).toBe(false);
    }
    for (const details of await detailsBothWays(alice, bob)) {
      expect(details.route, JSON.stringify(details)).toBe(messagesEn['stats.routeDirect']);
      expect(details.candidates, JSON.stringify(details)).toMatch(/^srflx ↔ (srflx|prflx)$/);
    }
    await expectRelaySawOnlyOpaqueBytes(stunRelay, [alice, bob], homeAddresses('port-preserving'));
    expectNoNewErrors(alice, bob);
  });

  it('a guest whose own default relay is another one joins from the host\'s link and reaches the host\'s relay', async () => {
    const [alice, bob] = await pair('port-preserving');
    await bob.machine.call('settings:set', { relayUrl: otherRelay.url });
    expect((await bob.machine.call('hosting:get')).relayUrl).toBe(otherRelay.url);
    const invite = await meet([alice, bob], stunRelay.url);
    expect(invite).toContain(encodeURIComponent(stunRelay.url));
    await expectEveryoneDecodesEveryone([alice.page.page, bob.page.page], NAMES);

    // Bob's app went to the relay in the link: the host's relay sees both routers.
    const bobsRouter = lab.homes.find((home) => home.machine === bob.machine.slot)!.router.wanAddress;
    expect(await stunRelay.clientAddresses()).toContain(bobsRouter);
    await expectRelaySawOnlyOpaqueBytes(stunRelay, [alice, bob], homeAddresses('port-preserving'));
    expectNoNewErrors(alice, bob);
  });

  it('a guest who clicks the host\'s https link (main\'s deep-link path) joins on the host\'s relay, not on his own', async () => {
    const [alice, bob] = await pair('port-preserving');
    await bob.machine.call('settings:set', { relayUrl: otherRelay.url });
    await alice.machine.call('settings:set', { relayUrl: stunRelay.url });
    await openNewMeeting(alice.page.page, NAMES[0]);
    await alice.page.page.getByRole('button', { name: messagesEn['call.invite'], exact: true }).click();
    const pageLink = await alice.page.page.getByRole('textbox', { name: messagesEn['invite.pageLinkLabel'], exact: true }).inputValue();
    await alice.page.page.getByRole('button', { name: messagesEn['common.close'], exact: true }).click();
    expect(pageLink.startsWith('https://relay.lab.test/join'), pageLink).toBe(true);

    // Bob clicks it: his browser opens the relay's /join page (in his home, over the internet),
    // which hands over the parley:// link; the OS gives that to main, and his window opens the
    // pre-join screen with it.
    await bob.page.page.getByLabel(messagesEn['home.nameLabel']).fill(NAMES[1]);
    const browserTab = await bob.page.context.newPage();
    try {
      await browserTab.goto(pageLink, { waitUntil: 'commit' });
      await expect.poll(() => browserTab.locator('#open').getAttribute('href'), { timeout: 10_000 }).not.toBe('#');
      const handedOver = (await browserTab.locator('#open').getAttribute('href'))!;
      expect(handedOver.startsWith(`parley://join?relay=${encodeURIComponent(stunRelay.url)}#`), handedOver).toBe(true);
      expect(await bob.machine.openLink(handedOver)).toBe(true);
    } finally {
      await browserTab.close();
    }
    await confirmJoin(bob.page.page);
    await admit(alice.page.page, NAMES[1]);
    await expectEveryoneDecodesEveryone([alice.page.page, bob.page.page], NAMES);
    expectNoNewErrors(alice, bob);
  });

  it('behind symmetric NATs, with the lab coturn: the call connects through TURN and the details say relayed', async () => {
    const [alice, bob] = await pair('symmetric');
    const allocationsBefore = coturn.allocations();
    await meet([alice, bob], turnRelay.url);
    await expectEveryoneDecodesEveryone([alice.page.page, bob.page.page], NAMES);

    for (const selected of await selectedPairs(alice, bob)) {
      expect([selected.local.candidateType, selected.remote.candidateType], JSON.stringify(selected)).toContain('relay');
      expect(isLoopback(selected.local.address) || isLoopback(selected.remote.address), JSON.stringify(selected)).toBe(false);
    }
    for (const details of await detailsBothWays(alice, bob)) {
      expect(details.route, JSON.stringify(details)).toBe(messagesEn['stats.routeRelayed']);
      expect(details.candidates, JSON.stringify(details)).toContain('relay');
    }
    expect(coturn.allocations()).toBeGreaterThan(allocationsBefore);
    await expectRelaySawOnlyOpaqueBytes(turnRelay, [alice, bob], homeAddresses('symmetric'));
    expectNoNewErrors(alice, bob);
  });

  it(`behind symmetric NATs, with a relay that has no TURN: both see on the tile that no direct path exists, within ${NO_PATH_SHOWN_WITHIN_MS / 1000} s`, async () => {
    const [alice, bob] = await pair('symmetric');
    await meet([alice, bob], stunRelay.url);
    const admitted = Date.now();
    await Promise.all(
      [
        [alice, NAMES[1]],
        [bob, NAMES[0]],
      ].map(async ([person, other]) => {
        const problem = (person as Person).page.page.locator(`figure[data-peer][aria-label="${other as string}"] p.tile-problem[data-problem="no-direct-path"]`);
        await problem.waitFor({ timeout: NO_PATH_SHOWN_WITHIN_MS - (Date.now() - admitted) });
        expect(await problem.textContent()).toBe(messagesEn['call.noDirectPath'].replace('{name}', other as string));
      }),
    );
    expect(Date.now() - admitted).toBeLessThan(NO_PATH_SHOWN_WITHIN_MS);
  });
});

describe('lab calls: an organisation\'s policy', () => {
  it('a guest whose policy allows only another relay is refused the host\'s link, with the relay named, and his app never contacts it', async () => {
    const [alice, bob] = await pair('port-preserving');
    const policy = { allowedRelays: [otherRelay.url] };
    await bob.machine.writePolicy(policy);
    try {
      // main notices the policy file, then the renderer loads it with the page.
      await expect.poll(async () => (await bob.machine.call('settings:getEffective')).allowedRelays.value, { timeout: 10_000 }).toEqual(policy.allowedRelays);
      await bob.page.page.goto(`${bob.page.origin}/index.html`);
      await alice.machine.call('settings:set', { relayUrl: stunRelay.url });
      const invite = await startMeeting(alice.page.page, NAMES[0]);
      const connectionsBefore = await acceptedConnections(stunRelay);
      await askToJoin(bob.page.page, invite, NAMES[1]);

      const heading = bob.page.page.getByRole('heading', { name: messagesEn['error.relayNotAllowed.title'], exact: true });
      await heading.waitFor({ timeout: 10_000 });
      const refusal = bob.page.page.getByRole('alert').filter({ has: heading });
      expect(await refusal.textContent()).toContain(messagesEn['error.relayNotAllowed.body'].replace('{relay}', 'relay.lab.test'));
      expect(await bob.page.page.locator('main code').textContent()).toBe(stunRelay.url);
      expect(await acceptedConnections(stunRelay)).toBe(connectionsBefore);
    } finally {
      await bob.machine.writePolicy(null);
      await expect.poll(async () => (await bob.machine.call('settings:getEffective')).allowedRelays.value, { timeout: 10_000 }).toBeNull();
    }
  });
});

describe('lab calls: a LAN without internet', () => {
  it('the host hosts for the local network, the guest joins with the link shown, both decode over host candidates', async () => {
    const [alice, bob] = await pair('lan');
    await alice.machine.call('settings:set', { hostOnLocalNetwork: true });
    let hosting = await alice.machine.call('hosting:get');
    await expect
      .poll(async () => (hosting = await alice.machine.call('hosting:get')).reachableByOthers, { timeout: 10_000 })
      .toBe(true);
    expect(hosting.relayUrl).toMatch(new RegExp(`^ws://${alice.machine.slot.address.replaceAll('.', '\\.')}:\\d+$`));
    const invite = await meet([alice, bob], null);
    expect(invite).toContain(encodeURIComponent(hosting.relayUrl!));
    await expectEveryoneDecodesEveryone([alice.page.page, bob.page.page], NAMES);

    const lanAddresses = lab.lan!.machines.map((machine) => machine.address);
    for (const selected of await selectedPairs(alice, bob)) {
      expect([selected.local.candidateType, selected.remote.candidateType], JSON.stringify(selected)).toEqual(['host', 'host']);
      expect(lanAddresses, JSON.stringify(selected)).toContain(selected.local.address);
    }
    for (const details of await detailsBothWays(alice, bob)) expect(details.candidates, JSON.stringify(details)).toBe('host ↔ host');
    expectNoNewErrors(alice, bob);
  });
});
