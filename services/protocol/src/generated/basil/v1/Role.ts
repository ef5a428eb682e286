// Original file: proto/basil/v1/control.proto

/**
 * What a node does in the ring.
 */
export const Role = {
  ROLE_UNSPECIFIED: 'ROLE_UNSPECIFIED',
  ROLE_HONEST: 'ROLE_HONEST',
  /**
   * Applies the spec's attack to what it sends. Only tests and experiments assign it.
   */
  ROLE_BYZANTINE: 'ROLE_BYZANTINE',
} as const;

/**
 * What a node does in the ring.
 */
export type Role =
  | 'ROLE_UNSPECIFIED'
  | 0
  | 'ROLE_HONEST'
  | 1
  /**
   * Applies the spec's attack to what it sends. Only tests and experiments assign it.
   */
  | 'ROLE_BYZANTINE'
  | 2

/**
 * What a node does in the ring.
 */
export type Role__Output = typeof Role[keyof typeof Role]
