// Shared pieces of the node tests: a tiny ring spec, assignments, promise-returning clients on
// loopback, a clock driven by hand and a log tap that resolves when a line appears.
import * as grpc from '@grpc/grpc-js';
import { predecessorsOf, successorsOf } from '../../services/core/src/basil/plan.js';
import type { RingSpecInput } from '../../services/core/src/spec/schema.js';
import { parseRingSpec } from '../../services/core/src/spec/validate.js';
import type {
  Assignment,
  ConfigureResponse__Output,
  ModelEnvelope,
  NodeControlClient,
  NodeStatus__Output,
  PushAck__Output,
  RingNodeClient,
  StartRequest,
  StartResponse__Output,
  StatusRequest,
  StopRequest,
  StopResponse__Output,
} from '../../services/protocol/src/messages.js';
import { basilV1 } from '../../services/protocol/src/load.js';
import type { Clock, TimerHandle } from '../../services/node/src/turn-loop.js';

/** A ring small enough for a test: 4 nodes, S = 2, one local step on 8 samples. */
export const TINY_SPEC: RingSpecInput = {
  nodes: 4,
  memory: 2,
  rounds: 2,
  localSteps: 1,
  batchSize: 8,
  selectionBatchSize: 8,
  evalSamples: 100,
  dataset: { trainSize: 400, testSize: 100 },
  turnTimeoutMs: 60_000,
};

/** An assignment for `position` in a ring of `spec`; every peer lives at `address(position)`. */
export function assignmentFor(
  position: number,
  address: (position: number) => string,
  overrides: Partial<Assignment> = {},
  spec: RingSpecInput = TINY_SPEC,
): Assignment {
  const { nodes, memory } = parseRingSpec(spec);
  const peer = (p: number) => ({ position: p, address: address(p) });
  return {
    ringId: 'ring-a',
    epoch: 1,
    position,
    nodeIndex: position,
    successors: successorsOf(position, memory, nodes).map(peer),
    predecessors: predecessorsOf(position, memory, nodes).map(peer),
    role: 'ROLE_HONEST',
    specJson: JSON.stringify(spec),
    ...overrides,
  };
}

/** Calls a unary method and resolves with its answer or rejects with its ServiceError. */
function call<Req, Res>(
  method: (req: Req, options: grpc.CallOptions, cb: grpc.requestCallback<Res>) => unknown,
  request: Req,
): Promise<Res> {
  const deadline = new Date(Date.now() + 20_000);
  return new Promise((resolve, reject) => {
    method(request, { deadline }, (error, response) =>
      error === null ? resolve(response as Res) : reject(error),
    );
  });
}

/** NodeControl on loopback, one promise per rpc. */
export function controlClient(address: string) {
  const client: NodeControlClient = new (basilV1().NodeControl)(
    address,
    grpc.credentials.createInsecure(),
  );
  return {
    configure: (a: Assignment) =>
      call<Assignment, ConfigureResponse__Output>(client.Configure.bind(client), a),
    start: (ringId: string, epoch: number) =>
      call<StartRequest, StartResponse__Output>(client.Start.bind(client), { ringId, epoch }),
    stop: (ringId: string) =>
      call<StopRequest, StopResponse__Output>(client.Stop.bind(client), { ringId }),
    status: (reportsFrom = 0) =>
      call<StatusRequest, NodeStatus__Output>(client.GetStatus.bind(client), { reportsFrom }),
    close: () => client.close(),
  };
}

/** PushModel through an existing client. */
export function push(client: RingNodeClient, envelope: ModelEnvelope): Promise<PushAck__Output> {
  return call(client.PushModel.bind(client), envelope);
}

/** The gRPC error a promise rejects with. */
export async function failureOf(promise: Promise<unknown>): Promise<grpc.ServiceError> {
  try {
    await promise;
  } catch (error) {
    return error as grpc.ServiceError;
  }
  throw new Error('expected the call to fail');
}

/** A clock that moves only when the test advances it. */
export class ManualClock implements Clock {
  private timeMs = 0;
  private timers: { atMs: number; callback: () => void; cancelled: boolean }[] = [];

  now(): number {
    return this.timeMs;
  }

  schedule(delayMs: number, callback: () => void): TimerHandle {
    const timer = { atMs: this.timeMs + delayMs, callback, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => (timer.cancelled = true) };
  }

  /** Number of timers that are neither cancelled nor fired. */
  get pending(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }

  /** Moves time forward, firing every timer that falls due, in order. */
  advance(ms: number): void {
    this.timeMs += ms;
    const due = this.timers
      .filter((t) => !t.cancelled && t.atMs <= this.timeMs)
      .sort((a, b) => a.atMs - b.atMs);
    this.timers = this.timers.filter((t) => !t.cancelled && t.atMs > this.timeMs);
    for (const timer of due) timer.callback();
  }
}

/** A log destination that keeps parsed lines and resolves waiters when a line matches. */
export class LogTap {
  readonly lines: Record<string, unknown>[] = [];
  private waiters: { match: (l: Record<string, unknown>) => boolean; resolve: () => void }[] = [];

  write(text: string): void {
    const line = JSON.parse(text) as Record<string, unknown>;
    this.lines.push(line);
    this.waiters = this.waiters.filter((w) => !(w.match(line) && (w.resolve(), true)));
  }

  /** Resolves once a line (already written or still to come) matches. */
  waitFor(match: (line: Record<string, unknown>) => boolean): Promise<void> {
    if (this.lines.some(match)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }
}
