// Stand-in ring nodes: real NodeControl gRPC servers on 127.0.0.1 that keep an assignment,
// answer GetStatus with the turn reports a test hands them, and record every call. A factory
// maps each pod's stable DNS name to the server playing that pod.
import * as grpc from '@grpc/grpc-js';
import { ControlClient, type NodeEndpoint } from '../../../services/operator/src/control-client.js';
import type { ControlFactory } from '../../../services/operator/src/kubernetes/ring-run.js';
import { basilV1 } from '../../../services/protocol/src/load.js';
import type {
  Assignment__Output,
  NodeState__Output,
  NodeStatus,
  TurnReport,
} from '../../../services/protocol/src/messages.js';

type Callback<T> = grpc.sendUnaryData<T>;
type Call<T> = grpc.ServerUnaryCall<T, unknown>;

const refuse = (code: grpc.status, details: string) => ({ code, details, name: '', message: '' });

/** How a stand-in turn went, beyond its round and accuracy. */
export interface TurnDetails {
  /** Ring position whose model won selection; -1, the common initial model, unless given. */
  readonly selectedSender?: number;
  /** Taken on the turn timeout rather than on a predecessor's model. */
  readonly timedOut?: boolean;
}

/** One stand-in node process. */
export class FakeNode {
  /** Every Configure received, in order. */
  readonly configures: Assignment__Output[] = [];
  /** Every Start received, as `ringId@epoch`. */
  readonly starts: string[] = [];
  state: NodeState__Output = 'NODE_STATE_IDLE';
  assignment: Assignment__Output | undefined;
  reports: TurnReport[] = [];
  error = '';

  constructor(readonly address: string) {}

  /** The process died and came back: nothing configured, no reports. */
  restart(): void {
    Object.assign(this, { state: 'NODE_STATE_IDLE', assignment: undefined, reports: [] });
  }

  /** Reports a turn in `round` whose selected model scored `accuracy`. */
  takeTurn(round: number, accuracy: number, turn: TurnDetails = {}): void {
    const score = { accuracy, loss: 1 - accuracy };
    const { selectedSender = -1, timedOut = false } = turn;
    this.reports.push({ round, selectedSender, timedOut, selected: score, own: score });
  }

  /** NodeControl handlers that behave as the real node's, idempotence included. */
  handlers(): grpc.UntypedServiceImplementation {
    return {
      Configure: (call: Call<Assignment__Output>, done: Callback<{ state: string }>) => {
        const request = call.request;
        this.configures.push(request);
        const held = this.assignment;
        if (held?.ringId === request.ringId && held.epoch === request.epoch) {
          if (JSON.stringify(held) === JSON.stringify(request))
            return done(null, { state: this.state });
          return done(refuse(grpc.status.FAILED_PRECONDITION, 'another assignment'));
        }
        Object.assign(this, { assignment: request, state: 'NODE_STATE_CONFIGURED', reports: [] });
        done(null, { state: this.state });
      },
      Start: (call: Call<{ ringId: string; epoch: number }>, done: Callback<{ state: string }>) => {
        const { ringId, epoch } = call.request;
        this.starts.push(`${ringId}@${epoch}`);
        if (this.assignment?.ringId !== ringId || this.assignment.epoch !== epoch) {
          return done(refuse(grpc.status.FAILED_PRECONDITION, 'not configured'));
        }
        if (this.state === 'NODE_STATE_CONFIGURED') this.state = 'NODE_STATE_RUNNING';
        done(null, { state: this.state });
      },
      Stop: (_call: Call<unknown>, done: Callback<{ state: string }>) =>
        done(null, { state: this.state }),
      GetStatus: (call: Call<{ reportsFrom: number }>, done: Callback<NodeStatus>) => {
        done(null, {
          state: this.state,
          ringId: this.assignment?.ringId ?? '',
          epoch: this.assignment?.epoch ?? 0,
          position: this.assignment?.position ?? 0,
          reportsTotal: this.reports.length,
          reports: this.reports.slice(call.request.reportsFrom),
          error: this.error,
        });
      },
    };
  }
}

/** A set of stand-in nodes, one gRPC server each. */
export class FakeNodes {
  /** Addresses the operator asked for, in order. */
  readonly dialed: string[] = [];

  private constructor(
    readonly nodes: readonly FakeNode[],
    private readonly servers: readonly grpc.Server[],
  ) {}

  /** Starts `count` nodes, each on its own loopback port. */
  static async start(count: number): Promise<FakeNodes> {
    const servers: grpc.Server[] = [];
    const nodes: FakeNode[] = [];
    for (let i = 0; i < count; i++) {
      const server = new grpc.Server();
      const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) =>
          e === null ? resolve(p) : reject(e),
        ),
      );
      const node = new FakeNode(`127.0.0.1:${port}`);
      server.addService(basilV1().NodeControl.service, node.handlers());
      servers.push(server);
      nodes.push(node);
    }
    return new FakeNodes(nodes, servers);
  }

  /** Clients whose `<ring>-<i>.<ring>.<ns>.svc:50051` reaches node i. */
  factory(): ControlFactory {
    return (node: NodeEndpoint) => {
      this.dialed.push(node.address);
      const index = Number(/^[a-z0-9-]+-(\d+)\./.exec(node.address)?.[1]);
      const target = this.nodes[index];
      if (target === undefined) throw new Error(`no stand-in node for ${node.address}`);
      return new ControlClient({ position: node.position, address: target.address });
    };
  }

  /** Stops every server at once. */
  close(): void {
    this.servers.forEach((server) => server.forceShutdown());
  }
}
