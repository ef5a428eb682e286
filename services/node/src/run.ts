// One configured run of a node: its assignment, data, memory, successors and turn loop, from
// Configure until a newer epoch replaces it; and what each of its turns leaves behind.
import type { Logger } from 'pino';
import { Memory, type StoredModel } from '../../core/src/basil/memory.js';
import { turnSteps, type TurnContext, type TurnOutcome } from '../../core/src/basil/turn.js';
import { runSteps } from '../../core/src/util/steps.js';
import { loadData } from '../../core/src/data/dataset.js';
import { partition } from '../../core/src/data/partition.js';
import type { Manifest } from '../../core/src/model/weights.js';
import { initialWeights, modelDef } from '../../core/src/model/zoo.js';
import type { NodeState__Output, TurnReport } from '../../protocol/src/messages.js';
import { maxMessageBytes } from '../../protocol/src/tensors.js';
import type { RunAssignment } from './assignment.js';
import { ModelRejectedError, type RejectionReason } from './errors.js';
import type { NodeMetrics } from './metrics.js';
import { Successors } from './successors.js';
import { TurnLoop, type Clock } from './turn-loop.js';

/** How a turn ran, besides what takeTurn decided. */
export interface TurnTiming {
  readonly timedOut: boolean;
  readonly durationSeconds: number;
}

/** The report GetStatus returns for a turn. */
export function turnReport(outcome: TurnOutcome, timing: TurnTiming): TurnReport {
  const { report } = outcome;
  return {
    round: outcome.round,
    selectedSender: outcome.selectedSender,
    selectedRound: outcome.selectedRound,
    selectedLoss: outcome.selectedLoss,
    timedOut: timing.timedOut,
    selected: report?.selected ?? null,
    own: report?.own ?? null,
    durationSeconds: timing.durationSeconds,
  };
}

/** Updates the node's metrics for a finished turn; `reject` counts models passed over. */
export function recordTurn(
  metrics: NodeMetrics,
  outcome: TurnOutcome,
  timing: TurnTiming,
  reject: (reason: RejectionReason) => void,
): void {
  metrics.round.set(outcome.round);
  metrics.turns.inc({ outcome: timing.timedOut ? 'timed_out' : 'taken' });
  metrics.turnDuration.observe(timing.durationSeconds);
  metrics.selections.inc({ sender_position: String(outcome.selectedSender) });
  for (const { reason } of outcome.rejected) {
    reject(reason === 'non-finite-loss' ? 'non-finite-loss' : 'invalid-weights');
  }
  const { report } = outcome;
  if (report === undefined) return;
  metrics.testAccuracy.set({ model: 'selected' }, report.selected.accuracy);
  metrics.testAccuracy.set({ model: 'own' }, report.own.accuracy);
  metrics.testLoss.set({ model: 'selected' }, report.selected.loss);
  metrics.testLoss.set({ model: 'own' }, report.own.loss);
}

/** What a run shares with the rest of the node. */
export interface RunDeps {
  readonly nodeId: string;
  readonly backend: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: NodeMetrics;
  /** Counts a model refused or passed over, in metrics and status alike. */
  readonly reject: (reason: RejectionReason) => void;
}

/** A node's work for one ring and epoch. */
export class Run {
  readonly memory: Memory;
  readonly manifest: Manifest;
  /** Largest PushModel message this run accepts or sends. */
  readonly maxMessageBytes: number;
  readonly reports: TurnReport[] = [];
  state: NodeState__Output = 'NODE_STATE_CONFIGURED';
  error = '';
  lastRound: number;
  turnsTaken = 0;
  turnsTimedOut = 0;
  private readonly successors: Successors;
  private readonly loop: TurnLoop;
  private readonly logger: Logger;

  /** Loads the data and model the assignment needs. */
  static async load(assignment: RunAssignment, deps: RunDeps): Promise<Run> {
    const { spec } = assignment;
    const { train, test } = await loadData(spec);
    const data = partition(train, spec)[assignment.nodeIndex];
    if (data === undefined) throw new RangeError(`no partition ${assignment.nodeIndex}`);
    const model = modelDef(spec.model);
    const ctx: TurnContext = {
      spec,
      model,
      position: assignment.position,
      nodeId: assignment.nodeIndex,
      byzantine: assignment.byzantine,
      colluders: assignment.colluders,
      data,
      test,
      initial: initialWeights(model, spec.seed),
    };
    return new Run(assignment, ctx, deps);
  }

  private constructor(
    readonly assignment: RunAssignment,
    private readonly ctx: TurnContext,
    private readonly deps: RunDeps,
  ) {
    const { spec, position, ringId, epoch } = assignment;
    this.logger = deps.logger.child({ ringId, epoch, position });
    this.memory = new Memory(position, spec.memory, spec.nodes);
    this.manifest = ctx.model.manifest;
    this.maxMessageBytes = maxMessageBytes(this.manifest);
    this.lastRound = assignment.resumeRound;
    this.successors = new Successors(assignment.successors, {
      sender: { ringId, epoch, position, senderId: deps.nodeId },
      maxMessageBytes: this.maxMessageBytes,
      // One deadline per send, as long as a successor would wait for a missing turn.
      deadlineMs: spec.turnTimeoutMs,
      metrics: deps.metrics,
      logger: this.logger,
    });
    this.loop = new TurnLoop({
      position,
      nodes: spec.nodes,
      rounds: spec.rounds,
      turnTimeoutMs: spec.turnTimeoutMs,
      firstRound: assignment.resumeRound + 1,
      clock: deps.clock,
      logger: this.logger,
      takeTurn: (round, timedOut) => this.turn(round, timedOut),
      onFinished: () => this.finish('NODE_STATE_FINISHED'),
      onFailed: (error) => this.fail(error),
    });
    this.publishInfo();
  }

  /** Starts taking turns; a no-op unless the run is CONFIGURED. */
  start(): void {
    if (this.state !== 'NODE_STATE_CONFIGURED') return;
    this.setState('NODE_STATE_RUNNING');
    this.loop.start();
  }

  /** Stops taking turns after the one in progress; leaves FINISHED and FAILED runs as they are. */
  async stop(): Promise<void> {
    if (this.state === 'NODE_STATE_CONFIGURED' || this.state === 'NODE_STATE_RUNNING') {
      this.setState('NODE_STATE_STOPPED');
    }
    await this.loop.stop();
    this.successors.close();
  }

  /** Stores a validated model and tells the turn loop; throws ModelRejectedError if refused. */
  accept(model: StoredModel, passesTurn: boolean): number {
    const refusal = this.memory.store(model);
    if (refusal !== undefined) throw new ModelRejectedError(refusal, 'refused by memory');
    this.deps.metrics.memoryModels.set(this.memory.size);
    this.loop.arrived(model.senderPosition, model.round, passesTurn);
    return this.memory.size;
  }

  private async turn(round: number, timedOut: boolean): Promise<void> {
    const started = performance.now();
    if (timedOut) this.logger.warn({ round }, 'turn timed out');
    // In steps, so the ack of the push that passed the turn leaves before training ends.
    const outcome = await runSteps(turnSteps(this.ctx, this.memory, round));
    const results = await this.successors.pass(outcome.outgoing, round);
    const timing = { timedOut, durationSeconds: (performance.now() - started) / 1000 };
    this.reports.push(turnReport(outcome, timing));
    recordTurn(this.deps.metrics, outcome, timing, this.deps.reject);
    this.lastRound = round;
    this.turnsTaken++;
    if (timedOut) this.turnsTimedOut++;
    const acked = results.filter((result) => result.code === 0).length;
    const { selectedSender: sender, selectedRound } = outcome;
    const fields = { round, sender, selectedRound, acked, ...timing };
    this.logger.info(fields, 'turn taken');
  }

  private finish(state: NodeState__Output): void {
    this.setState(state);
    this.successors.close();
  }

  private fail(error: unknown): void {
    this.error = error instanceof Error ? error.message : String(error);
    this.logger.error({ err: error }, 'turn failed');
    this.finish('NODE_STATE_FAILED');
  }

  private setState(to: NodeState__Output): void {
    if (to === this.state) return;
    this.logger.info({ from: this.state, to }, 'state changed');
    this.state = to;
  }

  private publishInfo(): void {
    const { metrics, backend } = this.deps;
    const { position, nodeIndex, byzantine, ringId, spec, resumeRound } = this.assignment;
    metrics.info.reset();
    metrics.info.set(
      {
        position: String(position),
        role: byzantine ? 'byzantine' : 'honest',
        node_index: String(nodeIndex),
        backend,
        ring: ringId,
      },
      1,
    );
    metrics.round.set(resumeRound);
    metrics.memoryModels.set(0);
    metrics.memoryCapacity.set(spec.memory);
  }
}
