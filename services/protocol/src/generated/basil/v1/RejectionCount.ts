// Original file: proto/basil/v1/control.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Rejected incoming models, by reason.
 */
export interface RejectionCount {
  'reason'?: (string);
  'count'?: (number | string | Long);
}

/**
 * Rejected incoming models, by reason.
 */
export interface RejectionCount__Output {
  'reason': (string);
  'count': (number);
}
