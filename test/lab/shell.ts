// Runs the few system tools the lab needs (ip, iptables, ethtool, turnserver, openssl) and turns
// a failure into an error that names the command and quotes its stderr.
import { execFile } from 'node:child_process';

export interface RunResult {
  stdout: string;
  stderr: string;
}

export function run(command: string, args: readonly string[], options: { input?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(command, [...args], { timeout: options.timeoutMs ?? 20_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        const shown = [command, ...args].join(' ');
        const detail = stderr.trim() || error.message;
        reject(new Error(`lab: \`${shown.length > 300 ? `${shown.slice(0, 300)}…` : shown}\` failed: ${detail}`));
        return;
      }
      resolve({ stdout, stderr });
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/**
 * Many `ip` commands in one process (`ip -batch -`), run inside namespace `ns`: creating links
 * from inside a lab namespace means a mistake can never create anything in the host's own one.
 */
export async function ipBatch(ns: string, lines: readonly string[]): Promise<void> {
  if (lines.length === 0) return;
  await run('ip', ['-n', ns, '-batch', '-'], { input: `${lines.join('\n')}\n` });
}

/** A shell script run inside namespace `ns` (sysctl, iptables, ethtool: tools without a -n flag). */
export async function inNamespace(ns: string, script: string): Promise<RunResult> {
  return run('ip', ['netns', 'exec', ns, 'sh', '-ec', script]);
}

/** Whether `command` is on PATH. */
export async function hasCommand(command: string): Promise<boolean> {
  try {
    await run('sh', ['-c', `command -v ${command}`]);
    return true;
  } catch {
    return false;
  }
}
