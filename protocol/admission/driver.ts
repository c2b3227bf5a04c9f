// A thin async shell around the pure machine (PROTOCOL.md §14.10): decodes an admission body,
// checks its signatures, steps the machine, and carries out the two effects that need a port —
// signing through main and persisting the record — before handing the rest (sends, connections,
// lobby, status) to its caller, in order. Events run one at a time, so a statement being signed
// never races the next message. The call engine may use it or drive admissionStep itself.
import { ProtocolError } from '../errors';
import { checkAdmissionMessage } from './check';
import type { StatementVerifier } from './check';
import { admissionStep, isKnownStatement } from './machine';
import type { AdmissionEffect, AdmissionEvent, AdmissionState, HostAction, Peer } from './machine';
import { decodeAdmissionMessage } from './messages';

export interface DriverPorts {
  verifier: StatementVerifier;
  /** Signs a statement with our identity key (main: sign('meeting-statement', statement)). */
  sign(statement: Uint8Array): Promise<Uint8Array>;
  /** Stores the record durably (sealed, in main); sends that follow wait for it. */
  persist(record: Uint8Array): Promise<void>;
  now(): number;
}

/** The effects the caller carries out: everything but signing and persisting. */
export type DriverEffect = Exclude<AdmissionEffect, { kind: 'sign' | 'persist' }>;

export class AdmissionDriver {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private current: AdmissionState,
    private readonly ports: DriverPorts,
  ) {}

  get state(): AdmissionState {
    return this.current;
  }

  /** An admission payload body from a peer (the pairwise session authenticated `from`). */
  receive(from: Peer, body: Uint8Array): Promise<DriverEffect[]> {
    return this.serially(async () => {
      let message;
      try {
        message = decodeAdmissionMessage(body);
      } catch (error) {
        if (!(error instanceof ProtocolError)) throw error;
        const retired = body.length > 0 && body[0]! >= 1 && body[0]! <= 6;
        return this.run({ type: 'undecodable', from, reason: retired ? 'retired' : 'malformed' });
      }
      const now = this.ports.now();
      if (message.kind === 'knock' || message.kind === 'welcome') return this.run({ type: message.kind, from, now });
      const known = (signed: Parameters<typeof isKnownStatement>[1]) => isKnownStatement(this.current, signed);
      switch (message.kind) {
        case 'state':
          return this.run({ type: 'state', from, message: await checkAdmissionMessage(this.ports.verifier, this.current.hostKeyId, message, known), now });
        case 'deny':
          return this.run({ type: 'deny', from, message: await checkAdmissionMessage(this.ports.verifier, this.current.hostKeyId, message, known) });
      }
    });
  }

  /** Any event (sessions, departures, payload verdicts, lobby settings). */
  dispatch(event: AdmissionEvent): Promise<DriverEffect[]> {
    return this.serially(() => this.run(event));
  }

  /** A host action, stamped with the current time. */
  act(action: HostAction): Promise<DriverEffect[]> {
    return this.dispatch({ type: 'host-action', action, now: this.ports.now() });
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async run(event: AdmissionEvent): Promise<DriverEffect[]> {
    const out: DriverEffect[] = [];
    const pending: AdmissionEvent[] = [event];
    while (pending.length > 0) {
      const { state, effects } = admissionStep(this.current, pending.shift()!);
      this.current = state;
      for (const effect of effects) {
        if (effect.kind === 'persist') await this.ports.persist(effect.record);
        else if (effect.kind === 'sign') {
          const signature = await this.ports.sign(effect.statement).catch(() => null);
          pending.push(signature ? { type: 'signed', requestId: effect.requestId, signature } : { type: 'sign-failed', requestId: effect.requestId });
        } else out.push(effect);
      }
    }
    return out;
  }
}
