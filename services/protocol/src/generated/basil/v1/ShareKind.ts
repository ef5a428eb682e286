// Original file: proto/basil/v1/share.proto

/**
 * Which ACDS message a ShareSet carries.
 */
export const ShareKind = {
  SHARE_KIND_UNSPECIFIED: 'SHARE_KIND_UNSPECIFIED',
  /**
   * A set passed around a sharing group during one pass; the anchor's dummies are inside it and
   * are not marked: only the anchor, which kept copies, can tell them apart.
   */
  SHARE_KIND_PASS: 'SHARE_KIND_PASS',
  /**
   * A finished group pool, dummies removed, handed on from member to member.
   */
  SHARE_KIND_GROUP_POOL: 'SHARE_KIND_GROUP_POOL',
  /**
   * A finished group pool travelling from anchor to anchor around the ring of groups.
   */
  SHARE_KIND_ANCHOR_POOL: 'SHARE_KIND_ANCHOR_POOL',
} as const;

/**
 * Which ACDS message a ShareSet carries.
 */
export type ShareKind =
  | 'SHARE_KIND_UNSPECIFIED'
  | 0
  /**
   * A set passed around a sharing group during one pass; the anchor's dummies are inside it and
   * are not marked: only the anchor, which kept copies, can tell them apart.
   */
  | 'SHARE_KIND_PASS'
  | 1
  /**
   * A finished group pool, dummies removed, handed on from member to member.
   */
  | 'SHARE_KIND_GROUP_POOL'
  | 2
  /**
   * A finished group pool travelling from anchor to anchor around the ring of groups.
   */
  | 'SHARE_KIND_ANCHOR_POOL'
  | 3

/**
 * Which ACDS message a ShareSet carries.
 */
export type ShareKind__Output = typeof ShareKind[keyof typeof ShareKind]
