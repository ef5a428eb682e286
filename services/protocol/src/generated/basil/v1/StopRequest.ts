// Original file: proto/basil/v1/control.proto


export interface StopRequest {
  'ringId'?: (string);
}

export interface StopRequest__Output {
  'ringId': (string);
}
