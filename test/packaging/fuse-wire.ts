// Compares the fuse wire in a packaged Electron executable with electron-builder.ts's
// electronFuses. Used by the packaging dry run (on the fake executable) and by the release
// workflow on the real ones:
//   npx tsx test/packaging/fuse-wire.ts <Parley.app | Parley.exe | parley>
// A future Electron with a fuse the configuration does not set fails here, so each new fuse is
// decided on explicitly rather than left at Electron's default.
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import type { Configuration } from 'electron-builder';
import { createConfiguration } from '../../electron-builder';
import { isEntryPoint } from '../../scripts/entry-point.mjs';

const ENABLED = '1'.charCodeAt(0);
const DISABLED = '0'.charCodeAt(0);
const REMOVED = 'r'.charCodeAt(0);

/** FuseV1Options member (RunAsNode) -> electron-builder option (runAsNode), in wire order. */
export function configuredFusesInWireOrder(config: Configuration): (boolean | undefined)[] {
  const fuses = (config.electronFuses ?? {}) as Record<string, boolean | undefined>;
  return Object.entries(FuseV1Options)
    .filter(([, index]) => typeof index === 'number')
    .sort(([, a], [, b]) => Number(a) - Number(b))
    .map(([name]) => fuses[name[0]!.toLowerCase() + name.slice(1)]);
}

/** Problems with the executable's fuses, as sentences; empty when every fuse is as configured. */
export async function fuseWireProblems(executable: string, config: Configuration = createConfiguration({}, 'linux')): Promise<string[]> {
  const wire = (await getCurrentFuseWire(executable)) as unknown as Record<string, number | string>;
  const states = Object.keys(wire)
    .filter((k) => /^\d+$/.test(k))
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => wire[k] as number);
  const expected = configuredFusesInWireOrder(config);
  const problems: string[] = [];
  if (states.length !== expected.length) {
    problems.push(`the executable has ${states.length} fuses, electron-builder.ts knows ${expected.length}: decide the new ones`);
  }
  expected.forEach((on, i) => {
    const name = FuseV1Options[i];
    if (on === undefined) problems.push(`fuse ${name} is not set in electron-builder.ts`);
    else if (states[i] !== REMOVED && states[i] !== (on ? ENABLED : DISABLED)) {
      problems.push(`fuse ${name} is ${String.fromCharCode(states[i] ?? 63)}, expected ${on ? 1 : 0}`);
    }
  });
  return problems;
}

if (isEntryPoint(import.meta.url)) {
  const executable = process.argv[2];
  if (!executable) {
    console.error('usage: npx tsx test/packaging/fuse-wire.ts <Parley.app | Parley.exe | parley>');
    process.exit(2);
  }
  const problems = await fuseWireProblems(executable);
  for (const problem of problems) console.error(`fuses: ${problem}`);
  if (problems.length === 0) console.log(`fuses: all ${configuredFusesInWireOrder(createConfiguration({}, 'linux')).length} as configured in ${executable}`);
  process.exit(problems.length === 0 ? 0 : 1);
}
