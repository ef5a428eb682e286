// When a node takes its turns. Position 0 opens round 1 at Start; every other turn begins when
// the direct predecessor passes it, or, if a predecessor is slow or dead, once turnTimeoutMs
// has passed since the last model arrived from any predecessor. Turns run one at a time. A node
// that has heard from no predecessor keeps waiting: with all S of them silent, the ring is
// broken at this point whatever the node does.
import type { Logger } from 'pino';

/** A pending timer, cancelled through the clock that made it. */
export interface TimerHandle {
  cancel(): void;
}

/** Reads the time and schedules callbacks. */
export interface Clock {
  /** Milliseconds since an arbitrary origin; only differences matter. */
  now(): number;
  /** Runs `callback` once, `delayMs` from now. */
  schedule(delayMs: number, callback: () => void): TimerHandle;
}

/** The process's monotonic clock and real timers. */
export const systemClock: Clock = {
  now: () => performance.now(),
  schedule(delayMs, callback) {
    const timer = setTimeout(callback, delayMs);
    return { cancel: () => clearTimeout(timer) };
  },
};

/** What the loop needs to know and to call. */
export interface TurnLoopOptions {
  readonly position: number;
  readonly nodes: number;
  readonly rounds: number;
  readonly turnTimeoutMs: number;
  /** First round to take: 1, or the round after the one a restarted node last completed. */
  readonly firstRound: number;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Selects, trains, sends and records one turn; resolves once its sends are acknowledged. */
  readonly takeTurn: (round: number, timedOut: boolean) => Promise<void>;
  /** Called once when the last round's turn is done. */
  readonly onFinished: () => void;
  /** Called when a turn throws; the loop takes no further turns. */
  readonly onFailed: (error: unknown) => void;
  /** Basil+: whether a passed turn may run yet (its group's aggregate has arrived). */
  readonly gate?: (round: number) => boolean;
  /** Basil+: a longer wait for turns that wait on the cross-group aggregation. */
  readonly timeoutMsFor?: (round: number) => number;
}

/** Schedules one node's turns. */
export class TurnLoop {
  private nextRound: number;
  /** Highest round whose turn the predecessor has passed to this node. */
  private passedRound = 0;
  /** When the latest model from a predecessor arrived since the current wait began. */
  private lastArrivalMs: number | undefined;
  private timer: TimerHandle | undefined;
  private current: Promise<void> | undefined;
  private running = false;

  constructor(private readonly options: TurnLoopOptions) {
    this.nextRound = options.firstRound;
  }

  /** Round of the next turn this node will take. */
  get next(): number {
    return this.nextRound;
  }

  /** Begins taking turns. Position 0 of a fresh run holds the first turn from the start. */
  start(): void {
    if (this.running) return;
    if (this.nextRound > this.options.rounds) {
      this.options.onFinished();
      return;
    }
    this.running = true;
    // A wait never starts before the run does, however early a model arrived.
    if (this.lastArrivalMs !== undefined) this.lastArrivalMs = this.options.clock.now();
    if (this.options.position === 0 && this.nextRound === 1) this.passedRound = 1;
    this.schedule();
  }

  /** Takes no new turn; resolves when the turn in progress, if any, has finished its sends. */
  async stop(): Promise<void> {
    this.running = false;
    this.timer?.cancel();
    this.timer = undefined;
    await this.current;
  }

  /** Tells the loop that a predecessor's model was stored. */
  arrived(senderPosition: number, round: number, passesTurn: boolean): void {
    const { position, nodes } = this.options;
    if (passesTurn && senderPosition === (position - 1 + nodes) % nodes) {
      // The last node's turn of round r opens round r + 1 at position 0.
      const turnRound = position === 0 ? round + 1 : round;
      this.passedRound = Math.max(this.passedRound, turnRound);
    }
    this.lastArrivalMs = this.options.clock.now();
    this.schedule();
  }

  /** Hands the node the turn of `round` from outside the ring order (Basil+'s multicast). */
  open(round: number): void {
    this.passedRound = Math.max(this.passedRound, round);
    this.lastArrivalMs = this.options.clock.now();
    this.schedule();
  }

  /** Looks again whether a gated turn may run now. */
  recheck(): void {
    this.lastArrivalMs = this.options.clock.now();
    this.schedule();
  }

  private schedule(): void {
    this.timer?.cancel();
    this.timer = undefined;
    if (!this.running || this.current !== undefined) return;
    const open = this.options.gate?.(this.passedRound) ?? true;
    if (this.passedRound >= this.nextRound && open) {
      if (this.passedRound > this.nextRound) {
        const from = this.nextRound;
        this.options.logger.warn({ from, to: this.passedRound }, 'rounds skipped');
      }
      this.run(this.passedRound, false);
      return;
    }
    if (this.lastArrivalMs === undefined) return;
    const { clock, turnTimeoutMs, timeoutMsFor } = this.options;
    const waitMs = timeoutMsFor?.(this.nextRound) ?? turnTimeoutMs;
    const delayMs = Math.max(0, this.lastArrivalMs + waitMs - clock.now());
    this.timer = clock.schedule(delayMs, () => {
      this.timer = undefined;
      if (this.running && this.current === undefined) this.run(this.nextRound, true);
    });
  }

  private run(round: number, timedOut: boolean): void {
    this.lastArrivalMs = undefined;
    this.current = this.turn(round, timedOut);
  }

  private async turn(round: number, timedOut: boolean): Promise<void> {
    // Yield first, so the PushModel that passed the turn is answered before the turn starts.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (!this.running) {
      this.current = undefined;
      return;
    }
    try {
      await this.options.takeTurn(round, timedOut);
    } catch (error) {
      this.running = false;
      this.current = undefined;
      this.options.onFailed(error);
      return;
    }
    this.current = undefined;
    this.nextRound = round + 1;
    if (this.nextRound > this.options.rounds) {
      this.running = false;
      this.options.onFinished();
      return;
    }
    this.schedule();
  }
}
