// The DataShare and CrossGroup services: ACDS messages and Basil+ aggregates are checked like
// pushed models before they touch the run, and a refusal changes a counter and a log line only.
import type * as grpc from '@grpc/grpc-js';
import type { AcdsMessage } from '../../core/src/acds/messages.js';
import { countOf } from '../../core/src/data/samples.js';
import type {
  AggregateAck,
  AggregateEnvelope__Output,
  ShareAck,
  ShareSet__Output,
} from '../../protocol/src/messages.js';
import { basilV1 } from '../../protocol/src/load.js';
import { ModelRejectedError, ShareRejectedError, unary } from './errors.js';
import type { NodeCore } from './node-core.js';
import { decodeModel } from './ring-node.js';
import type { Run } from './run.js';
import { decodeSamples } from './sample-codec.js';
import { PHASE_VALUES } from './sharing.js';

const WIRE_BYTES = Symbol('wireBytes');

type Sized<T> = T & { [WIRE_BYTES]?: number };

/** A service definition whose one method records each request's encoded size. */
function sized(service: grpc.ServiceDefinition, method: string): grpc.ServiceDefinition {
  const call = service[method] as grpc.MethodDefinition<object, object>;
  const requestDeserialize = (bytes: Buffer) =>
    Object.defineProperty(call.requestDeserialize(bytes), WIRE_BYTES, { value: bytes.length });
  return { ...service, [method]: { ...call, requestDeserialize } };
}

/** The DataShare service definition. */
export const dataShareService = (): grpc.ServiceDefinition =>
  sized(basilV1().DataShare.service, 'PassSet');

/** The CrossGroup service definition. */
export const crossGroupService = (): grpc.ServiceDefinition =>
  sized(basilV1().CrossGroup.service, 'PassAggregate');

/** Samples one share message may carry: every shared sample plus the anchor's dummies. */
function maxShareCount(run: Run): number {
  const { dataset, acds, nodes } = run.assignment.spec;
  return 2 * (Math.ceil(acds.fraction * dataset.trainSize) + nodes);
}

function sharingRun(core: NodeCore, request: ShareSet__Output) {
  const refuse = (reason: ShareRejectedError['reason'], detail: string) =>
    new ShareRejectedError(reason, detail);
  const { run } = core;
  if (core.draining) throw refuse('draining', 'the node is shutting down');
  if (run === undefined || run.state === 'NODE_STATE_FAILED') {
    throw refuse('not-configured', 'no run is configured');
  }
  const { ringId, epoch } = run.assignment;
  if (request.ringId !== ringId) throw refuse('wrong-ring', `this node runs ring "${ringId}"`);
  if (request.epoch < epoch) throw refuse('stale-epoch', `epoch ${request.epoch} < ${epoch}`);
  if (request.epoch > epoch) throw refuse('future-epoch', `epoch ${request.epoch} > ${epoch}`);
  if (run.sharing === undefined) throw refuse('not-sharing', 'acds is disabled in this run');
  const from = run.sharing.nodeAt(request.senderPosition);
  if (from === undefined) {
    throw refuse('unknown-sender', `position ${request.senderPosition} is not a neighbour`);
  }
  const samples = decodeSamples(request.samples, {
    like: run.trainingData,
    maxCount: maxShareCount(run),
  });
  const group = request.group;
  const messages: Record<string, AcdsMessage | undefined> = {
    SHARE_KIND_PASS: { kind: 'share-set', group, pass: request.pass, samples },
    SHARE_KIND_GROUP_POOL: { kind: 'group-pool', origin: group, samples },
    SHARE_KIND_ANCHOR_POOL: { kind: 'anchor-pool', origin: group, samples },
  };
  const message = messages[String(request.kind)];
  if (message === undefined) throw refuse('unexpected-message', `kind ${request.kind}`);
  return { sharing: run.sharing, from, message };
}

/** Handlers of basil.v1.DataShare. */
export function dataShareHandlers(core: NodeCore): grpc.UntypedServiceImplementation {
  const { logger, metrics } = core.options;
  const passSet = (request: Sized<ShareSet__Output>): ShareAck => {
    const fields = {
      sender: request.senderPosition,
      kind: request.kind,
      bytes: request[WIRE_BYTES],
    };
    try {
      const { sharing, from, message } = sharingRun(core, request);
      sharing.receive(from, message);
      logger.debug({ ...fields, count: countOf(message.samples) }, 'share set taken');
      return { phase: PHASE_VALUES[sharing.phase] };
    } catch (error) {
      if (!(error instanceof ShareRejectedError)) throw error;
      metrics.shareRejected.inc({ reason: error.reason });
      logger.warn(
        { ...fields, reason: error.reason, details: error.message },
        'share set rejected',
      );
      throw error;
    }
  };
  return { PassSet: unary(logger, 'PassSet', passSet) };
}

function admitAggregate(core: NodeCore, envelope: Sized<AggregateEnvelope__Output>) {
  const refuse = (reason: ModelRejectedError['reason'], detail: string) =>
    new ModelRejectedError(reason, detail);
  const { run } = core;
  if (core.draining) throw refuse('draining', 'the node is shutting down');
  if (run === undefined || run.state === 'NODE_STATE_FAILED') {
    throw refuse('not-configured', 'no run is configured');
  }
  const bytes = envelope[WIRE_BYTES] ?? 0;
  if (bytes > run.maxAggregateBytes) {
    throw refuse('too-large', `${bytes} bytes, the limit is ${run.maxAggregateBytes}`);
  }
  const { ringId, epoch, spec } = run.assignment;
  if (envelope.ringId !== ringId) throw refuse('wrong-ring', `this node runs ring "${ringId}"`);
  if (envelope.epoch < epoch) throw refuse('stale-epoch', `epoch ${envelope.epoch} < ${epoch}`);
  if (envelope.epoch > epoch) throw refuse('future-epoch', `epoch ${envelope.epoch} > ${epoch}`);
  const { crossGroup } = run;
  const stage = envelope.stage;
  if (
    crossGroup === undefined ||
    (stage !== 'AGGREGATE_STAGE_HOP' && stage !== 'AGGREGATE_STAGE_MULTICAST')
  ) {
    throw refuse('not-a-predecessor', `no aggregation stage ${String(stage)} in this run`);
  }
  crossGroup.check(stage, envelope.senderPosition, envelope.round, spec.rounds);
  if (envelope.groupModels.length > spec.plus.groups) {
    throw refuse('extra-tensor', `${envelope.groupModels.length} group models`);
  }
  const message = {
    senderPosition: envelope.senderPosition,
    aggregate: decodeModel(envelope.aggregate, run),
    groupModels: envelope.groupModels.map((m) => decodeModel(m.tensors, run)),
  };
  return { crossGroup, stage, message };
}

/** Handlers of basil.v1.CrossGroup. */
export function crossGroupHandlers(core: NodeCore): grpc.UntypedServiceImplementation {
  const { logger, metrics } = core.options;
  const passAggregate = (envelope: Sized<AggregateEnvelope__Output>): AggregateAck => {
    const bytes = envelope[WIRE_BYTES] ?? 0;
    metrics.receivedBytes.inc(bytes);
    const fields = { sender: envelope.senderPosition, round: envelope.round, bytes };
    try {
      const { crossGroup, stage, message } = admitAggregate(core, envelope);
      crossGroup.store(stage, envelope.round, message);
      logger.debug({ ...fields, stage }, 'aggregate stored');
      return {};
    } catch (error) {
      if (!(error instanceof ModelRejectedError)) throw error;
      core.reject(error.reason);
      logger.warn(
        { ...fields, reason: error.reason, details: error.message },
        'aggregate rejected',
      );
      throw error;
    }
  };
  return { PassAggregate: unary(logger, 'PassAggregate', passAggregate) };
}
