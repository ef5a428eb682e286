// State shared by the node's services: the current run, the rejection tally and whether the
// node is draining.
import type { Logger } from 'pino';
import type { Clock } from './turn-loop.js';
import { REJECTION_REASONS, type RejectionReason } from './errors.js';
import type { NodeMetrics } from './metrics.js';
import type { Run, RunDeps } from './run.js';

/** What the node was built with. */
export interface NodeCoreOptions {
  readonly nodeId: string;
  readonly backend: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: NodeMetrics;
}

/** A Configure that failed after validation, reported by GetStatus as FAILED. */
export interface ConfigureFailure {
  readonly ringId: string;
  readonly epoch: number;
  readonly error: string;
}

/** The node's mutable state, owned by one process. */
export class NodeCore {
  run: Run | undefined;
  failure: ConfigureFailure | undefined;
  draining = false;
  private readonly rejections = new Map<RejectionReason, number>();

  constructor(readonly options: NodeCoreOptions) {
    // Zero-valued series from the start, so rates and alerts see every reason.
    for (const reason of REJECTION_REASONS) options.metrics.rejectedModels.inc({ reason }, 0);
  }

  /** Counts a refused or passed-over model under `reason`. */
  readonly reject = (reason: RejectionReason): void => {
    this.rejections.set(reason, (this.rejections.get(reason) ?? 0) + 1);
    this.options.metrics.rejectedModels.inc({ reason });
  };

  /** Rejections so far, by reason, for GetStatus. */
  rejectionCounts(): { reason: string; count: number }[] {
    return [...this.rejections].map(([reason, count]) => ({ reason, count }));
  }

  /** What a new run shares with the node. */
  runDeps(): RunDeps {
    const { nodeId, backend, clock, logger, metrics } = this.options;
    return { nodeId, backend, clock, logger, metrics, reject: this.reject };
  }

  /** Stops taking turns once the current turn's sends are done; pushes are refused from now. */
  async drain(): Promise<void> {
    this.draining = true;
    await this.run?.stop();
  }
}
