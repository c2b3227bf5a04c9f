// One lab machine's "main process": its own main services (main/services.ts) with its own data
// folder, admin policy file and settings, like a separate installation of Parley, running in
// the machine's namespace. The page's window.parley calls arrive as 'invoke' requests and go
// through dispatchIpc, as Electron's ipcMain would send them. Like main/electron/main.ts, it
// starts the embedded relay on this machine's loopback and lets main start its LAN relay
// (hostOnLocalNetwork, on the namespace's private address); and it serves the built renderer on
// this machine's loopback (a page served from 127.0.0.1 is in Chromium's loopback address space,
// as the harness's pages are: docs/TESTING.md, Local Network Access).
import { serveRenderer } from '../../harness/static-server';
import { dispatchIpc } from '../../../main/ipc/dispatch';
import { createTestSealer } from '../../../main/keystore/passphrase-sealer';
import { parseJoinLink } from '../../../main/links/join-link';
import { jsonFilePolicyReader } from '../../../main/policy/readers/json-file';
import { createMainServices } from '../../../main/services';
import { startRelay } from '../../../relay/server';
import type { RunningRelay } from '../../../relay/server';
import { serveParent } from './ipc';

export interface MachineChildParams {
  dataDir: string;
  /** The admin policy file this installation reads and watches (absent file = no policy). */
  policyFile: string;
  /** dist/renderer. */
  rendererDir: string;
  appVersion: string;
  /** Start the embedded relay (as the app does); default true. */
  embeddedRelay: boolean;
}

export interface MachineInfo {
  embeddedRelayUrl: string | null;
  /** http://127.0.0.1:<port>, this machine's copy of the renderer. */
  rendererOrigin: string;
}

/** The relays the app runs itself, as main/electron/main.ts starts them; warnings go to the lab's log. */
function startMachineRelay(host: string, port: number): Promise<RunningRelay> {
  return startRelay({ host, port, logger: { info: () => {}, warn: (event, fields) => console.error(`relay ${host}: ${event} ${JSON.stringify(fields ?? {})}`) } });
}

serveParent<MachineChildParams>(async (params, emit) => {
  const embeddedRelay = params.embeddedRelay ? await startMachineRelay('127.0.0.1', 0) : null;
  const services = createMainServices({
    dataDir: params.dataDir,
    appVersion: params.appVersion,
    platform: process.platform,
    embeddedRelayUrl: embeddedRelay?.url ?? null,
    startRelayListener: startMachineRelay,
    sealing: { kind: 'sealer', sealer: createTestSealer() },
    policyReader: jsonFilePolicyReader(params.policyFile),
    // What main would show as OS notifications (the lab's pages are never focused).
    callNotifier: { notify: (notification) => emit('notification', notification) },
  });
  const renderer = await serveRenderer(params.rendererDir);
  const info: MachineInfo = { embeddedRelayUrl: embeddedRelay?.url ?? null, rendererOrigin: renderer.origin };
  return {
    methods: {
      info: () => info,
      invoke: ({ channel, args }: { channel: unknown; args: unknown }) => dispatchIpc(services.handlers, channel, args, (failed, error) => console.error(`ipc ${failed}: handler failed`, error)),
      /** What the OS hands main when a parley:// (or https join) link is clicked: main's deep-link path. */
      openLink: (url: string) => {
        const link = parseJoinLink(url);
        if (link) services.joinLinks.offer(link);
        return link !== null;
      },
    },
    stop: async () => {
      await Promise.allSettled([services.close(), embeddedRelay?.close(), renderer.close()]);
    },
  };
});
