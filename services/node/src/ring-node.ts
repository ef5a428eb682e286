// The RingNode service: a predecessor's model is checked field by field before it may touch
// memory. A refused model changes a counter and a log line, nothing else.
import type * as grpc from '@grpc/grpc-js';
import type { StoredModel } from '../../core/src/basil/memory.js';
import { checkWeights, WeightsError, type Weights } from '../../core/src/model/weights.js';
import type { ModelEnvelope__Output, PushAck } from '../../protocol/src/messages.js';
import { basilV1 } from '../../protocol/src/load.js';
import { decodeTensors, envelopeBytes } from '../../protocol/src/tensors.js';
import { ModelRejectedError, unary, type RejectionReason } from './errors.js';
import type { NodeCore } from './node-core.js';
import type { Run } from './run.js';

const WIRE_BYTES = Symbol('wireBytes');

/** An envelope as decoded, with the size it had on the wire. */
type ReceivedEnvelope = ModelEnvelope__Output & { [WIRE_BYTES]?: number };

/** Longest sender id written to the log; the field is the sender's to choose. */
const LOGGED_ID_LENGTH = 253;

/** The RingNode service definition, recording each request's encoded size as it is decoded. */
export function ringNodeService(): grpc.ServiceDefinition {
  const { service } = basilV1().RingNode;
  const push = service.PushModel;
  const requestDeserialize = (bytes: Buffer): ReceivedEnvelope =>
    Object.defineProperty(push.requestDeserialize(bytes), WIRE_BYTES, { value: bytes.length });
  return { ...service, PushModel: { ...push, requestDeserialize } };
}

const refuse = (reason: RejectionReason, detail: string) => new ModelRejectedError(reason, detail);

/** Decodes tensors and checks them against the run's manifest; throws ModelRejectedError. */
export function decodeModel(tensors: ModelEnvelope__Output['tensors'], run: Run): Weights {
  try {
    const weights = decodeTensors(tensors);
    checkWeights(weights, run.manifest);
    return weights;
  } catch (error) {
    if (error instanceof WeightsError) throw refuse(error.problem, error.message);
    throw error;
  }
}

/** Checks, cheapest first, everything reliability.md asks of a model before it is stored. */
function admit(core: NodeCore, envelope: ModelEnvelope__Output, bytes: number) {
  const { run } = core;
  if (core.draining) throw refuse('draining', 'the node is shutting down');
  if (run === undefined || run.state === 'NODE_STATE_FAILED') {
    throw refuse('not-configured', 'no run is configured');
  }
  if (bytes > run.maxMessageBytes) {
    throw refuse('too-large', `${bytes} bytes, the limit is ${run.maxMessageBytes}`);
  }
  const { ringId, epoch, spec } = run.assignment;
  const { senderPosition, round } = envelope;
  if (envelope.ringId !== ringId) throw refuse('wrong-ring', `this node runs ring "${ringId}"`);
  if (envelope.epoch < epoch) throw refuse('stale-epoch', `epoch ${envelope.epoch} < ${epoch}`);
  if (envelope.epoch > epoch) throw refuse('future-epoch', `epoch ${envelope.epoch} > ${epoch}`);
  if (senderPosition >= spec.nodes) {
    throw refuse('not-a-predecessor', `position ${senderPosition} is not in the ring`);
  }
  if (round < 1 || round > run.turnRounds) {
    throw refuse('bad-round', `round ${round} is outside 1..${run.turnRounds}`);
  }
  const refusal = run.refusal(senderPosition, round);
  if (refusal !== undefined) {
    throw refuse(refusal, `position ${senderPosition}, round ${round}`);
  }
  const model: StoredModel = { senderPosition, round, weights: decodeModel(envelope.tensors, run) };
  return { run, model };
}

/** Handlers of basil.v1.RingNode. */
export function ringNodeHandlers(core: NodeCore): grpc.UntypedServiceImplementation {
  const { logger, metrics } = core.options;
  const pushModel = (envelope: ReceivedEnvelope): PushAck => {
    const bytes = envelope[WIRE_BYTES] ?? envelopeBytes(envelope);
    metrics.receivedBytes.inc(bytes);
    const fields = {
      sender: envelope.senderPosition,
      senderId: envelope.senderId.slice(0, LOGGED_ID_LENGTH),
      round: envelope.round,
      bytes,
    };
    try {
      const { run, model } = admit(core, envelope, bytes);
      const memoryOccupancy = run.accept(model, envelope.passesTurn);
      logger.debug({ ...fields, passesTurn: envelope.passesTurn }, 'model stored');
      return { memoryOccupancy };
    } catch (error) {
      if (!(error instanceof ModelRejectedError)) throw error;
      core.reject(error.reason);
      logger.warn({ ...fields, reason: error.reason, details: error.message }, 'model rejected');
      throw error;
    }
  };
  return { PushModel: unary(logger, 'PushModel', pushModel) };
}
