// CPU time (user + system) of every process of one Chromium instance, from /proc: each of its
// processes carries the profile folder on its command line.
import { readFileSync, readdirSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function processesOf(userDataDir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(userDataDir)) pids.push(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return pids;
}

/** Seconds of CPU the browser's processes have used so far. */
export function browserCpuSeconds(userDataDir: string): number {
  let ticks = 0;
  for (const pid of processesOf(userDataDir)) {
    try {
      // Fields after the command name (which may contain spaces): utime is 14th, stime 15th overall.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks / TICKS_PER_SECOND;
}
