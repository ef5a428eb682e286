// Original file: proto/basil/v1/share.proto

/**
 * Where in a global round's aggregation a model travels.
 */
export const AggregateStage = {
  AGGREGATE_STAGE_UNSPECIFIED: 'AGGREGATE_STAGE_UNSPECIFIED',
  /**
   * From the last S nodes of group 0, or the first S of group g, to the first S of group g + 1.
   */
  AGGREGATE_STAGE_HOP: 'AGGREGATE_STAGE_HOP',
  /**
   * The final aggregate, from the first S nodes of the last group to the first S of every group.
   */
  AGGREGATE_STAGE_MULTICAST: 'AGGREGATE_STAGE_MULTICAST',
} as const;

/**
 * Where in a global round's aggregation a model travels.
 */
export type AggregateStage =
  | 'AGGREGATE_STAGE_UNSPECIFIED'
  | 0
  /**
   * From the last S nodes of group 0, or the first S of group g, to the first S of group g + 1.
   */
  | 'AGGREGATE_STAGE_HOP'
  | 1
  /**
   * The final aggregate, from the first S nodes of the last group to the first S of every group.
   */
  | 'AGGREGATE_STAGE_MULTICAST'
  | 2

/**
 * Where in a global round's aggregation a model travels.
 */
export type AggregateStage__Output = typeof AggregateStage[keyof typeof AggregateStage]
