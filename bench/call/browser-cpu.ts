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

function ticksOf(statLine: string): number {
  // Fields after the command name (which may contain spaces): utime is 14th, stime 15th overall.
  const fields = statLine.slice(statLine.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** Seconds of CPU the browser's processes have used so far. */
export function browserCpuSeconds(userDataDir: string): number {
  let ticks = 0;
  for (const pid of processesOf(userDataDir)) {
    try {
      ticks += ticksOf(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks / TICKS_PER_SECOND;
}

/**
 * Seconds of CPU used so far by the browser's threads whose name starts with `threadName` (Linux
 * cuts names to 15 characters; Chromium names a dedicated Worker's thread "DedicatedWorker").
 * Threads that have ended are not counted, so take both readings while the threads run.
 */
export function browserThreadCpuSeconds(userDataDir: string, threadName: string): number {
  let ticks = 0;
  for (const pid of processesOf(userDataDir)) {
    let threads: string[];
    try {
      threads = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue; // the process ended meanwhile
    }
    for (const tid of threads) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        if (stat.slice(stat.indexOf('(') + 1).startsWith(threadName)) ticks += ticksOf(stat);
      } catch {
        // the thread ended meanwhile
      }
    }
  }
  return ticks / TICKS_PER_SECOND;
}
