// Typed failures of the node's RPCs and the one place that turns them into gRPC statuses.
import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { DataError } from '../../core/src/data/errors.js';
import { SpecError } from '../../core/src/spec/validate.js';

/** Why an incoming model was refused at the door or passed over at selection: a fixed set. */
export const REJECTION_REASONS = [
  'not-configured',
  'draining',
  'too-large',
  'wrong-ring',
  'stale-epoch',
  'future-epoch',
  'not-a-predecessor',
  'bad-round',
  'stale-round',
  'missing-tensor',
  'extra-tensor',
  'duplicate-name',
  'wrong-shape',
  'wrong-dtype',
  'wrong-size',
  'non-finite',
  // Selection: a stored model whose loss on the selection batch is not finite, or that no longer
  // fits the manifest.
  'non-finite-loss',
  'invalid-weights',
] as const;

/** One of REJECTION_REASONS. */
export type RejectionReason = (typeof REJECTION_REASONS)[number];

const CODE_BY_REASON: Readonly<Record<RejectionReason, grpc.status>> = {
  'not-configured': grpc.status.UNAVAILABLE,
  draining: grpc.status.UNAVAILABLE,
  'too-large': grpc.status.RESOURCE_EXHAUSTED,
  'wrong-ring': grpc.status.FAILED_PRECONDITION,
  'stale-epoch': grpc.status.FAILED_PRECONDITION,
  'future-epoch': grpc.status.FAILED_PRECONDITION,
  'not-a-predecessor': grpc.status.FAILED_PRECONDITION,
  'bad-round': grpc.status.FAILED_PRECONDITION,
  'stale-round': grpc.status.FAILED_PRECONDITION,
  'missing-tensor': grpc.status.INVALID_ARGUMENT,
  'extra-tensor': grpc.status.INVALID_ARGUMENT,
  'duplicate-name': grpc.status.INVALID_ARGUMENT,
  'wrong-shape': grpc.status.INVALID_ARGUMENT,
  'wrong-dtype': grpc.status.INVALID_ARGUMENT,
  'wrong-size': grpc.status.INVALID_ARGUMENT,
  'non-finite': grpc.status.INVALID_ARGUMENT,
  'non-finite-loss': grpc.status.INVALID_ARGUMENT,
  'invalid-weights': grpc.status.INVALID_ARGUMENT,
};

/** A pushed model the node refused; nothing was stored. */
export class ModelRejectedError extends Error {
  override name = 'ModelRejectedError';

  constructor(
    readonly reason: RejectionReason,
    detail: string,
  ) {
    super(`${reason}: ${detail}`);
  }
}

/** Why an ACDS message was refused: a fixed set. */
export const SHARE_REJECTION_REASONS = [
  'not-configured',
  'draining',
  'not-sharing',
  'too-large',
  'wrong-ring',
  'stale-epoch',
  'future-epoch',
  'unknown-sender',
  'unexpected-message',
  'wrong-shape',
  'wrong-size',
  'bad-label',
  'non-finite',
] as const;

/** One of SHARE_REJECTION_REASONS. */
export type ShareRejectionReason = (typeof SHARE_REJECTION_REASONS)[number];

const SHARE_CODE: Readonly<Record<ShareRejectionReason, grpc.status>> = {
  'not-configured': grpc.status.UNAVAILABLE,
  draining: grpc.status.UNAVAILABLE,
  'not-sharing': grpc.status.FAILED_PRECONDITION,
  'too-large': grpc.status.RESOURCE_EXHAUSTED,
  'wrong-ring': grpc.status.FAILED_PRECONDITION,
  'stale-epoch': grpc.status.FAILED_PRECONDITION,
  'future-epoch': grpc.status.FAILED_PRECONDITION,
  'unknown-sender': grpc.status.FAILED_PRECONDITION,
  'unexpected-message': grpc.status.FAILED_PRECONDITION,
  'wrong-shape': grpc.status.INVALID_ARGUMENT,
  'wrong-size': grpc.status.INVALID_ARGUMENT,
  'bad-label': grpc.status.INVALID_ARGUMENT,
  'non-finite': grpc.status.INVALID_ARGUMENT,
};

/** An ACDS message the node refused; its sharing state is unchanged. */
export class ShareRejectedError extends Error {
  override name = 'ShareRejectedError';

  constructor(
    readonly reason: ShareRejectionReason,
    detail: string,
  ) {
    super(`${reason}: ${detail}`);
  }
}

/** An assignment the node cannot run; the message names the field. */
export class InvalidAssignmentError extends Error {
  override name = 'InvalidAssignmentError';

  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`);
  }
}

/** A control request that does not fit the node's state (older epoch, unknown ring). */
export class NodeStateError extends Error {
  override name = 'NodeStateError';
}

/** A request the node cannot serve while it shuts down; the caller may retry elsewhere. */
export class NodeDrainingError extends Error {
  override name = 'NodeDrainingError';
}

/** A status for any error a handler may throw; the second value tells whether it was expected. */
export function statusOf(error: unknown): [grpc.StatusObject, boolean] {
  const status = (code: grpc.status, details: string): grpc.StatusObject => ({
    code,
    details,
    metadata: new grpc.Metadata(),
  });
  if (error instanceof ModelRejectedError) {
    return [status(CODE_BY_REASON[error.reason], error.message), true];
  }
  if (error instanceof ShareRejectedError) {
    return [status(SHARE_CODE[error.reason], error.message), true];
  }
  if (error instanceof InvalidAssignmentError || error instanceof DataError) {
    return [status(grpc.status.INVALID_ARGUMENT, error.message), true];
  }
  if (error instanceof SpecError) {
    return [status(grpc.status.INVALID_ARGUMENT, `spec_json: ${error.message}`), true];
  }
  if (error instanceof NodeDrainingError) {
    return [status(grpc.status.UNAVAILABLE, error.message), true];
  }
  if (error instanceof NodeStateError) {
    return [status(grpc.status.FAILED_PRECONDITION, error.message), true];
  }
  return [status(grpc.status.INTERNAL, 'internal error; see the node log'), false];
}

/** A unary gRPC handler around an async function, with errors mapped by `statusOf`. */
export function unary<Req, Res>(
  logger: Logger,
  method: string,
  handle: (request: Req) => Promise<Res> | Res,
): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    Promise.resolve()
      .then(() => handle(call.request))
      .then(
        (response) => callback(null, response),
        (error: unknown) => {
          const [status, expected] = statusOf(error);
          if (!expected) logger.error({ err: error, method }, 'request failed');
          callback(status);
        },
      );
  };
}

/** A server of the node could not listen on its address; the message says which and why. */
export class ListenError extends Error {
  override name = 'ListenError';

  constructor(server: string, address: string, reason: string) {
    // grpc-js wraps the socket's own error in a sentence about resolved addresses.
    const cause = /\[(listen [^\]]+)\]/.exec(reason)?.[1] ?? reason;
    super(`cannot listen for ${server} on ${address}: ${cause}`);
  }
}
