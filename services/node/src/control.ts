// The NodeControl service: the operator configures, starts, stops and follows the node.
import type * as grpc from '@grpc/grpc-js';
import type {
  Assignment__Output,
  ConfigureResponse,
  NodeStatus,
  StartRequest__Output,
  StartResponse,
  StatusRequest__Output,
  StopRequest__Output,
  StopResponse,
} from '../../protocol/src/messages.js';
import { checkAssignment } from './assignment.js';
import { NodeDrainingError, NodeStateError, unary } from './errors.js';
import type { NodeCore } from './node-core.js';
import { Run } from './run.js';

/** Configure, Start, Stop and GetStatus over the node's state. */
export class Control {
  /** Configure calls run one after another, so a repeated one finds the first one's result. */
  private configuring: Promise<unknown> = Promise.resolve();

  constructor(private readonly core: NodeCore) {}

  /** Loads the assignment's run; idempotent for the same ring and epoch. */
  configure(raw: Assignment__Output): Promise<ConfigureResponse> {
    const result = this.configuring.then(() => this.configureNow(raw));
    // The caller gets the failure through `result`; the queue only needs to know it settled.
    this.configuring = result.catch(() => undefined);
    return result;
  }

  /** Starts the configured run; idempotent. */
  start(request: StartRequest__Output): StartResponse {
    if (this.core.draining) throw new NodeDrainingError('the node is shutting down');
    const { run } = this.core;
    if (run === undefined) throw new NodeStateError('not configured; call Configure first');
    const { ringId, epoch } = run.assignment;
    if (request.ringId !== ringId || request.epoch !== epoch) {
      const asked = `ring "${request.ringId}" epoch ${request.epoch}`;
      throw new NodeStateError(`configured for ring "${ringId}" epoch ${epoch}, not ${asked}`);
    }
    run.start();
    return { state: run.state };
  }

  /** Stops taking turns once the turn in progress has finished its sends; idempotent. */
  async stop(request: StopRequest__Output): Promise<StopResponse> {
    const { run } = this.core;
    if (run === undefined) return { state: 'NODE_STATE_IDLE' };
    const { ringId } = run.assignment;
    if (request.ringId !== ringId) {
      throw new NodeStateError(`configured for ring "${ringId}", not "${request.ringId}"`);
    }
    await run.stop();
    return { state: run.state };
  }

  /** The node's state, counters and the turn reports from `reportsFrom` on. */
  status(request: StatusRequest__Output): NodeStatus {
    const { run, failure, options } = this.core;
    // A run reports the backend it trains on, which its model may have changed.
    const backend = run?.backend ?? options.backend;
    const common = { backend, rejections: this.core.rejectionCounts() };
    if (run === undefined) {
      if (failure === undefined) return { ...common, state: 'NODE_STATE_IDLE' };
      return { ...common, state: 'NODE_STATE_FAILED', ...failure };
    }
    return {
      ...common,
      state: run.state,
      ringId: run.assignment.ringId,
      epoch: run.assignment.epoch,
      position: run.assignment.position,
      round: run.lastRound,
      turnsTaken: run.turnsTaken,
      turnsTimedOut: run.turnsTimedOut,
      reportsTotal: run.reports.length,
      reports: run.reports.slice(request.reportsFrom),
      aggregates: run.aggregates,
      error: run.error,
    };
  }

  /** Handlers of basil.v1.NodeControl. */
  handlers(): grpc.UntypedServiceImplementation {
    const { logger } = this.core.options;
    return {
      Configure: unary(logger, 'Configure', (r: Assignment__Output) => this.configure(r)),
      Start: unary(logger, 'Start', (r: StartRequest__Output) => this.start(r)),
      Stop: unary(logger, 'Stop', (r: StopRequest__Output) => this.stop(r)),
      GetStatus: unary(logger, 'GetStatus', (r: StatusRequest__Output) => this.status(r)),
    };
  }

  private async configureNow(raw: Assignment__Output): Promise<ConfigureResponse> {
    if (this.core.draining) throw new NodeDrainingError('the node is shutting down');
    const assignment = checkAssignment(raw);
    const { ringId, epoch } = assignment;
    const current = this.core.run;
    if (current !== undefined && current.assignment.ringId === ringId) {
      const held = current.assignment.epoch;
      if (epoch < held) throw new NodeStateError(`epoch ${epoch} is older than epoch ${held}`);
      if (epoch === held) {
        if (assignment.fingerprint === current.assignment.fingerprint) {
          return { state: current.state };
        }
        throw new NodeStateError(`epoch ${epoch} is already configured with another assignment`);
      }
    }
    await current?.stop();
    this.core.run = undefined;
    this.core.failure = undefined;
    try {
      this.core.run = await Run.load(assignment, this.core.runDeps());
    } catch (error) {
      this.core.failure = { ringId, epoch, error: (error as Error).message };
      throw error;
    }
    const { position, nodeIndex, byzantine } = assignment;
    const fields = { ringId, epoch, position, nodeIndex, byzantine };
    this.core.options.logger.info(fields, 'node configured');
    return { state: this.core.run.state };
  }
}
