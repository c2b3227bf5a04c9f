// What the relay logs: events with counts and error-code names only. Field values are numbers or
// fixed vocabulary; no payload bytes, peer ids, room ids or addresses ever reach a logger — except
// the `address` field, which the relay only fills when the operator opted in (`logAddresses`).

export type LogFields = Record<string, string | number | boolean>;

export interface RelayLogger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
}

/** One JSON object per line on stderr: easy for journald and log shippers, no files. */
export const stderrLogger: RelayLogger = {
  info: (event, fields) => process.stderr.write(`${JSON.stringify({ level: 'info', event, ...fields })}\n`),
  warn: (event, fields) => process.stderr.write(`${JSON.stringify({ level: 'warn', event, ...fields })}\n`),
};

export const silentLogger: RelayLogger = { info: () => {}, warn: () => {} };
