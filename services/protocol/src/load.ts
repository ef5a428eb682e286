// Loads the wire contract from proto/ with the same options the generated types assume.
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { ProtoGrpcType as ControlGrpc } from './generated/control.js';
import type { ProtoGrpcType as RingGrpc } from './generated/ring.js';
import type { ProtoGrpcType as ShareGrpc } from './generated/share.js';

/** Folder holding `basil/v1/*.proto`. */
export const PROTO_ROOT = fileURLToPath(new URL('../../../proto', import.meta.url));

/** Options the generated types in `generated/` were produced with; keep them in step. */
const LOADER_OPTIONS: protoLoader.Options = {
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [PROTO_ROOT],
};

/** The `basil.v1` package: message types, service definitions and client constructors. */
export type BasilV1 = RingGrpc['basil']['v1'] &
  ControlGrpc['basil']['v1'] &
  ShareGrpc['basil']['v1'];

let loaded: BasilV1 | undefined;

/** Loads the protos once per process. */
export function basilV1(): BasilV1 {
  if (loaded === undefined) {
    const definition = protoLoader.loadSync(
      ['basil/v1/ring.proto', 'basil/v1/control.proto', 'basil/v1/share.proto'],
      LOADER_OPTIONS,
    );
    const root = grpc.loadPackageDefinition(definition) as unknown as RingGrpc &
      ControlGrpc &
      ShareGrpc;
    loaded = root.basil.v1;
  }
  return loaded;
}

export type * from './generated/basil/v1/Assignment.js';
