// The gauges that say what a node is in its current run, set once per Configure.
import type { RunAssignment } from './assignment.js';
import type { NodeMetrics } from './metrics.js';

/** Sets basil_node_info, basil_node_group_info and the run's starting values. */
export function publishRunInfo(
  deps: { readonly metrics: NodeMetrics; readonly backend: string },
  assignment: RunAssignment,
  memoryCapacity: number,
): void {
  const { metrics, backend } = deps;
  const { position, nodeIndex, byzantine, ringId, resumeRound, plus } = assignment;
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
  metrics.groupInfo.reset();
  if (plus !== undefined) {
    const { group, span } = plus.links;
    metrics.groupInfo.set(
      { group: String(group), group_start: String(span.start), group_size: String(span.size) },
      1,
    );
  }
  metrics.round.set(resumeRound);
  metrics.memoryModels.set(0);
  metrics.memoryCapacity.set(memoryCapacity);
}
