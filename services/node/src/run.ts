// One configured run of a node: its assignment, data, memory, successors and turn loop, from
// Configure until a newer epoch replaces it. Under ACDS the run shares data after Start and takes
// its first turn once sharing is complete; under Basil+ it turns inside its group and takes part
// in the cross-group aggregation between global rounds.
import type { Logger } from 'pino';
import { Memory, type StoreRefusal, type StoredModel } from '../../core/src/basil/memory.js';
import type { Candidate } from '../../core/src/basil/selection.js';
import {
  evaluationSet,
  scoreSteps,
  trainSteps,
  type TurnContext,
} from '../../core/src/basil/turn.js';
import { scoresTurn } from '../../core/src/basil/plus.js';
import { evaluate } from '../../core/src/model/learner.js';
import { runSteps } from '../../core/src/util/steps.js';
import type { Samples } from '../../core/src/data/samples.js';
import type { Manifest } from '../../core/src/model/weights.js';
import type {
  AggregateReport,
  NodeState__Output,
  TurnReport,
} from '../../protocol/src/messages.js';
import { maxMessageBytes } from '../../protocol/src/tensors.js';
import type { RunAssignment } from './assignment.js';
import type { CrossGroup } from './cross-group.js';
import { ModelRejectedError, type RejectionReason } from './errors.js';
import { aggregationWaitMs, GroupRing } from './group-ring.js';
import type { NodeMetrics } from './metrics.js';
import { publishRunInfo } from './run-info.js';
import type { SharingSession } from './sharing.js';
import { crossGroupFor, loadTurnContext, sharingFor } from './run-parts.js';
import { Successors } from './successors.js';
import { recordTurn, turnReport } from './turn-report.js';
import { TurnLoop, type Clock } from './turn-loop.js';

export { recordTurn, turnReport, type TurnTiming } from './turn-report.js';

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
  memory: Memory;
  readonly manifest: Manifest;
  /** Largest PushModel message this run accepts or sends. */
  readonly maxMessageBytes: number;
  /** Largest aggregate between groups: the aggregate plus one model per group. */
  readonly maxAggregateBytes: number;
  /** Turns the node takes in all: rounds, times rounds per global round under Basil+. */
  readonly turnRounds: number;
  readonly group: GroupRing | undefined;
  readonly sharing: SharingSession | undefined;
  readonly crossGroup: CrossGroup | undefined;
  readonly reports: TurnReport[] = [];
  /** Basil+: the node's merges, with the final aggregate's score in the last group. */
  readonly aggregates: AggregateReport[] = [];
  state: NodeState__Output = 'NODE_STATE_CONFIGURED';
  error = '';
  lastRound: number;
  turnsTaken = 0;
  turnsTimedOut = 0;
  private dataReady: boolean;
  private readonly successors: Successors;
  private readonly loop: TurnLoop;
  private readonly logger: Logger;

  /** Loads the data and model the assignment needs. */
  static async load(assignment: RunAssignment, deps: RunDeps): Promise<Run> {
    const { context, backend } = await loadTurnContext(assignment);
    return new Run(assignment, context, { ...deps, backend });
  }

  private constructor(
    readonly assignment: RunAssignment,
    private ctx: TurnContext,
    private readonly deps: RunDeps,
  ) {
    const { spec, position, ringId, epoch, plus } = assignment;
    const perGlobal = spec.plus.roundsPerGlobalRound;
    this.logger = deps.logger.child({ ringId, epoch, position });
    this.group = plus === undefined ? undefined : new GroupRing(plus.links, perGlobal);
    this.turnRounds = this.group === undefined ? spec.rounds : spec.rounds * perGlobal;
    this.memory =
      this.group?.memoryFor(position, spec.memory) ?? new Memory(position, spec.memory, spec.nodes);
    this.manifest = ctx.model.manifest;
    this.maxMessageBytes = maxMessageBytes(this.manifest);
    this.maxAggregateBytes = this.maxMessageBytes * (spec.plus.groups + 1);
    this.lastRound = assignment.resumeRound;
    const sender = { ringId, epoch, position, senderId: deps.nodeId };
    this.successors = new Successors(assignment.successors, {
      sender,
      maxMessageBytes: this.maxMessageBytes,
      // One deadline per send, as long as a successor would wait for a missing turn.
      deadlineMs: spec.turnTimeoutMs,
      metrics: deps.metrics,
      clock: deps.clock,
      logger: this.logger,
    });
    this.sharing = sharingFor(assignment, deps, {
      sender,
      local: ctx.data,
      logger: this.logger,
      onComplete: (data) => {
        this.ctx = { ...this.ctx, data };
        this.dataReady = true;
        if (this.state === 'NODE_STATE_RUNNING') this.loop.start();
      },
      onFailed: (error) => this.fail(error),
    });
    this.dataReady = this.sharing === undefined;
    this.crossGroup = crossGroupFor(assignment, deps, {
      sender,
      context: () => this.ctx,
      memory: () => this.memory,
      maxMessageBytes: this.maxAggregateBytes,
      waitMs: aggregationWaitMs(spec),
      logger: this.logger,
      onMulticast: (round) => {
        const next = round * spec.plus.roundsPerGlobalRound + 1;
        if (this.group?.local(position) === 0) this.loop.open(next);
        else this.loop.recheck();
      },
      onMerged: (round, chosenSender, final) => {
        const report: AggregateReport = { round, chosenSender, score: null };
        this.aggregates.push(report);
        void final?.then((aggregate) => {
          const score = evaluate(this.ctx.model, aggregate, evaluationSet(this.ctx));
          report.score = score;
          deps.metrics.testAccuracy.set({ model: 'aggregate' }, score.accuracy);
          deps.metrics.testLoss.set({ model: 'aggregate' }, score.loss);
          this.logger.info({ round, accuracy: score.accuracy }, 'aggregate scored');
        });
      },
    });
    this.loop = this.turnLoop();
    publishRunInfo(deps, assignment, this.memory.capacity);
  }

  /** The backend this run trains on. */
  get backend(): string {
    return this.deps.backend;
  }

  /** The node's training data: its partition, joined by the shared pool once ACDS is over. */
  get trainingData(): Samples {
    return this.ctx.data;
  }

  /** Starts sharing, then taking turns; a no-op unless the run is CONFIGURED. */
  start(): void {
    if (this.state !== 'NODE_STATE_CONFIGURED') return;
    this.setState('NODE_STATE_RUNNING');
    this.sharing?.begin();
    if (this.dataReady) this.loop.start();
  }

  /** Stops taking turns after the one in progress; leaves FINISHED and FAILED runs as they are. */
  async stop(): Promise<void> {
    if (this.state === 'NODE_STATE_CONFIGURED' || this.state === 'NODE_STATE_RUNNING') {
      this.setState('NODE_STATE_STOPPED');
    }
    // A turn under way may be trying to reach a successor that has stopped too: end that first.
    this.successors.close();
    await this.loop.stop();
    this.close();
  }

  /** Why a model from `senderPosition` for `round` could not be stored, if it could not. */
  refusal(senderPosition: number, round: number): StoreRefusal | undefined {
    const local = this.group === undefined ? senderPosition : this.group.toLocal(senderPosition);
    if (local === undefined) return 'not-a-predecessor';
    return this.memory.refusal(local, round);
  }

  /** Stores a validated model and tells the turn loop; throws ModelRejectedError if refused. */
  accept(model: StoredModel, passesTurn: boolean): number {
    const local = this.group?.toLocal(model.senderPosition) ?? model.senderPosition;
    const refusal = this.refusal(model.senderPosition, model.round);
    if (refusal !== undefined) throw new ModelRejectedError(refusal, 'refused by memory');
    this.memory.store({ ...model, senderPosition: local });
    this.deps.metrics.memoryModels.set(this.memory.size);
    const passes = passesTurn && (this.group?.passesTurn(local, model.round) ?? true);
    this.loop.arrived(local, model.round, passes);
    this.crossGroup?.recheck();
    return this.memory.size;
  }

  private turnLoop(): TurnLoop {
    const { spec, position, resumeRound } = this.assignment;
    const group = this.group;
    const cross = this.crossGroup;
    return new TurnLoop({
      position: group?.local(position) ?? position,
      nodes: group?.links.span.size ?? spec.nodes,
      rounds: this.turnRounds,
      turnTimeoutMs: spec.turnTimeoutMs,
      // TODO(node): a Basil+ node restarted mid-run resumes at a global round's first turn only.
      firstRound: resumeRound * (group?.roundsPerGlobalRound ?? 1) + 1,
      clock: this.deps.clock,
      logger: this.logger,
      takeTurn: (round, timedOut) => this.turn(round, timedOut),
      onFinished: () => this.finish('NODE_STATE_FINISHED'),
      onFailed: (error) => this.fail(error),
      ...(group === undefined || cross === undefined
        ? {}
        : group.loopGates(cross, spec.turnTimeoutMs, aggregationWaitMs(spec))),
    });
  }

  private async turn(round: number, timedOut: boolean): Promise<void> {
    const started = performance.now();
    if (timedOut) this.logger.warn({ round }, 'turn timed out');
    const { group, crossGroup } = this;
    const place = group?.place(round) ?? { global: round, inner: 0 };
    let entry: Candidate[] = [];
    let ctx = this.ctx;
    if (group !== undefined && crossGroup !== undefined) {
      this.memory = group.fresh(this.memory, round);
      if (group.waitsForMulticast(round)) entry = crossGroup.entryFor(place.global - 1);
      ctx = group.groupContext(ctx);
    }
    // In steps, so the ack of the push that passed the turn leaves before training ends.
    const steps = trainSteps(ctx, this.memory, round, group?.coded(entry) ?? []);
    const taken = await runSteps(steps);
    const trainSeconds = (performance.now() - started) / 1000;
    const trained = group?.ringOutcome(taken, entry) ?? taken;
    const results = await this.successors.pass(trained.outgoing, round);
    // The turn's duration is what the ring waits for; evaluation runs after the turn has passed.
    const timing = { timedOut, durationSeconds: (performance.now() - started) / 1000 };
    const scored = scoresTurn(place.inner, ctx.spec.plus.roundsPerGlobalRound);
    const outcome = scored ? await runSteps(scoreSteps(ctx, trained)) : trained;
    this.reports.push(turnReport(outcome, timing, place));
    recordTurn(this.deps.metrics, outcome, timing, this.deps.reject);
    this.lastRound = place.global;
    this.turnsTaken++;
    if (timedOut) this.turnsTimedOut++;
    const { roundsPerGlobalRound } = ctx.spec.plus;
    const endsGlobal = place.inner === roundsPerGlobalRound && place.global < ctx.spec.rounds;
    if (crossGroup !== undefined && endsGlobal) {
      crossGroup.groupRoundDone(place.global, outcome.outgoing);
    }
    const acked = results.filter((result) => result.code === 0).length;
    const { selectedSender: sender, selectedRound } = outcome;
    const fields = { round, sender, selectedRound, acked, trainSeconds, ...timing };
    this.logger.info(fields, 'turn taken');
  }

  private finish(state: NodeState__Output): void {
    this.setState(state);
    this.close();
  }

  private close(): void {
    this.successors.close();
    this.sharing?.close();
    this.crossGroup?.close();
  }

  private fail(error: unknown): void {
    this.error = error instanceof Error ? error.message : String(error);
    this.logger.error({ err: error }, 'run failed');
    this.finish('NODE_STATE_FAILED');
  }

  private setState(to: NodeState__Output): void {
    if (to === this.state) return;
    this.logger.info({ from: this.state, to }, 'state changed');
    this.state = to;
  }
}
