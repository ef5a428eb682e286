// Every metric the node exports, on one explicit registry per node instance. Label values are
// bounded: positions by the ring size, reasons and outcomes by fixed sets.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Buckets for a turn: selection, local steps, evaluation and sends; 10 ms to 2 minutes. */
const TURN_BUCKETS_SECONDS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/** Buckets for one PushModel call, bounded above by its deadline. */
const SEND_BUCKETS_SECONDS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The node's metrics and the registry `/metrics` serves. */
export class NodeMetrics {
  readonly registry = new Registry();

  /** Constant 1, labelled with what the node is in the current run. */
  readonly info = this.gauge('basil_node_info', 'The node in its ring; always 1', [
    'position',
    'role',
    'node_index',
    'backend',
    'ring',
  ]);

  readonly round = this.gauge('basil_node_round', 'Last round in which the node took a turn');

  readonly turns = new Counter({
    name: 'basil_node_turns_total',
    help: 'Turns taken: taken when the turn arrived, timed_out when taken on the timeout',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly turnDuration = new Histogram({
    name: 'basil_node_turn_duration_seconds',
    help: 'From the start of a turn to the acknowledgement of its last send',
    buckets: TURN_BUCKETS_SECONDS,
    registers: [this.registry],
  });

  readonly selections = new Counter({
    name: 'basil_node_selections_total',
    help: 'Selected models by sender position; -1 is the common initial model',
    labelNames: ['sender_position'] as const,
    registers: [this.registry],
  });

  readonly rejectedModels = new Counter({
    name: 'basil_node_rejected_models_total',
    help: 'Models refused on arrival or passed over at selection, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly testAccuracy = this.gauge(
    'basil_node_test_accuracy_ratio',
    'Test accuracy of the selected, the own trained and (Basil+) the aggregate model',
    ['model'],
  );

  readonly testLoss = this.gauge(
    'basil_node_test_loss',
    'Test cross-entropy of the selected, the own trained and (Basil+) the aggregate model',
    ['model'],
  );

  readonly receivedBytes = new Counter({
    name: 'basil_node_received_bytes_total',
    help: 'Bytes of PushModel messages received, accepted or not',
    registers: [this.registry],
  });

  readonly sentBytes = new Counter({
    name: 'basil_node_sent_bytes_total',
    help: 'Bytes of PushModel messages acknowledged by successors',
    registers: [this.registry],
  });

  readonly sendDuration = new Histogram({
    name: 'basil_node_send_duration_seconds',
    help: 'Duration of one PushModel call to a successor, by gRPC status code',
    labelNames: ['code'] as const,
    buckets: SEND_BUCKETS_SECONDS,
    registers: [this.registry],
  });

  readonly memoryModels = this.gauge('basil_node_memory_models', 'Models held in memory');

  readonly memoryCapacity = this.gauge(
    'basil_node_memory_capacity_models',
    'Memory slots S, one per predecessor',
  );

  /** 0: no sharing in this run, 1: passing sets, 2: exchanging group pools, 3: complete. */
  readonly acdsPhase = this.gauge(
    'basil_node_acds_phase',
    'ACDS phase: 0 no sharing, 1 passing sets, 2 exchanging pools, 3 complete',
  );

  readonly acdsSharedSamples = new Counter({
    name: 'basil_node_acds_shared_samples_total',
    help: 'Samples of the shared pools the node took into its training data',
    registers: [this.registry],
  });

  readonly shareRejected = new Counter({
    name: 'basil_node_share_rejected_total',
    help: 'ACDS messages refused, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  /** Basil+ only: constant 1, labelled with the node's group of consecutive positions. */
  readonly groupInfo = this.gauge('basil_node_group_info', 'The node in its Basil+ group', [
    'group',
    'group_start',
    'group_size',
  ]);

  readonly aggregations = new Counter({
    name: 'basil_node_aggregations_total',
    help: 'Cross-group merges: merged onto an incoming aggregate, or own_only when none was valid',
    labelNames: ['decision'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  private gauge<L extends string>(name: string, help: string, labelNames: readonly L[] = []) {
    return new Gauge<L>({ name, help, labelNames, registers: [this.registry] });
  }
}
