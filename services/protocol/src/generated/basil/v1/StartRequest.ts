// Original file: proto/basil/v1/control.proto

import type { Long } from '@grpc/proto-loader';

export interface StartRequest {
  'ringId'?: (string);
  'epoch'?: (number | string | Long);
}

export interface StartRequest__Output {
  'ringId': (string);
  'epoch': (number);
}
