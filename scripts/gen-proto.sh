#!/usr/bin/env bash
# Regenerates the TypeScript types of the wire contract from proto/.
set -euo pipefail
cd "$(dirname "$0")/.."
out=services/protocol/src/generated
rm -rf "$out"
npx proto-loader-gen-types --outDir="$out" --grpcLib=@grpc/grpc-js --longs=Number --enums=String \
  --defaults --oneofs --includeComments -I=proto -- \
  basil/v1/ring.proto basil/v1/control.proto basil/v1/share.proto 2>/dev/null
# NodeNext resolution needs explicit extensions on relative imports.
find "$out" -name '*.ts' -exec sed -i -E "s#(from '\.[^']*)';#\1.js';#" {} +
