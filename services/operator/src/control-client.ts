// The operator's side of NodeControl: one typed client per node, every call with a deadline and
// every failure turned into a ControlError that names the node and the gRPC status.
import * as grpc from '@grpc/grpc-js';
import { basilV1, type Assignment } from '../../protocol/src/load.js';
import type { NodeControlClient } from '../../protocol/src/generated/basil/v1/NodeControl.js';
import type { NodeState__Output } from '../../protocol/src/generated/basil/v1/NodeState.js';
import type { NodeStatus__Output } from '../../protocol/src/generated/basil/v1/NodeStatus.js';

/** Limits and deadlines of the control calls; defaults in `DEFAULT_CONTROL_OPTIONS`. */
export interface ControlOptions {
  /** Configure loads the data set and builds the model, so it gets a long deadline. */
  readonly configureDeadlineMs: number;
  /** Deadline of Start, Stop and GetStatus. */
  readonly callDeadlineMs: number;
  /** Largest message either side may send; status replies grow with the turn reports. */
  readonly maxMessageBytes: number;
}

/** Deadlines and limits used unless a driver overrides them. */
export const DEFAULT_CONTROL_OPTIONS: ControlOptions = Object.freeze({
  configureDeadlineMs: 120_000,
  callDeadlineMs: 5_000,
  maxMessageBytes: 16 * 1024 * 1024,
});

/** A NodeControl call that failed; `code` is the gRPC status code. */
export class ControlError extends Error {
  override name = 'ControlError';

  constructor(
    readonly position: number,
    readonly address: string,
    readonly method: string,
    readonly code: grpc.status,
    detail: string,
  ) {
    super(`node ${position} (${address}): ${method} failed with ${grpc.status[code]}: ${detail}`);
  }
}

/** Where one node's control service listens. */
export interface NodeEndpoint {
  readonly position: number;
  readonly address: string;
}

/** Configure, Start and Stop all answer with the node's state. */
type StateReply = { state: NodeState__Output };

type Unary<Req, Res> = (
  request: Req,
  options: grpc.CallOptions,
  callback: grpc.requestCallback<Res>,
) => grpc.ClientUnaryCall;

/** Typed NodeControl calls to one node. */
export class ControlClient {
  private readonly client: NodeControlClient;

  constructor(
    readonly node: NodeEndpoint,
    private readonly options: ControlOptions = DEFAULT_CONTROL_OPTIONS,
  ) {
    const NodeControl = basilV1().NodeControl;
    this.client = new NodeControl(node.address, grpc.credentials.createInsecure(), {
      'grpc.max_send_message_length': options.maxMessageBytes,
      'grpc.max_receive_message_length': options.maxMessageBytes,
    });
  }

  /** Sends the node its assignment; resolves to the node's state afterwards. */
  async configure(assignment: Assignment): Promise<NodeState__Output> {
    const method: Unary<Assignment, StateReply> = (req, options, done) =>
      this.client.Configure(req, options, done);
    const reply = await this.call(
      'Configure',
      method,
      assignment,
      this.options.configureDeadlineMs,
    );
    return reply.state;
  }

  /** Starts the run at the node. */
  async start(ringId: string, epoch: number): Promise<NodeState__Output> {
    const method: Unary<{ ringId: string; epoch: number }, StateReply> = (req, options, done) =>
      this.client.Start(req, options, done);
    const reply = await this.call('Start', method, { ringId, epoch });
    return reply.state;
  }

  /** Asks the node to stop taking turns. */
  async stop(ringId: string): Promise<NodeState__Output> {
    const method: Unary<{ ringId: string }, StateReply> = (req, options, done) =>
      this.client.Stop(req, options, done);
    const reply = await this.call('Stop', method, { ringId });
    return reply.state;
  }

  /** The node's state and its turn reports from index `reportsFrom` on. */
  status(reportsFrom: number): Promise<NodeStatus__Output> {
    const method: Unary<{ reportsFrom: number }, NodeStatus__Output> = (req, options, done) =>
      this.client.GetStatus(req, options, done);
    return this.call('GetStatus', method, { reportsFrom });
  }

  /** Closes the channel; later calls fail with ControlError. */
  close(): void {
    this.client.close();
  }

  private call<Req, Res>(
    name: string,
    method: Unary<Req, Res>,
    request: Req,
    deadlineMs = this.options.callDeadlineMs,
  ): Promise<Res> {
    const { position, address } = this.node;
    return new Promise((resolve, reject) => {
      const deadline = new Date(Date.now() + deadlineMs);
      method(request, { deadline }, (error, reply) => {
        if (error !== null) {
          reject(new ControlError(position, address, name, error.code, error.details));
        } else if (reply === undefined) {
          reject(new ControlError(position, address, name, grpc.status.INTERNAL, 'empty reply'));
        } else {
          resolve(reply);
        }
      });
    });
  }
}
