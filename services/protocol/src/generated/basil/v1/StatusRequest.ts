// Original file: proto/basil/v1/control.proto


export interface StatusRequest {
  /**
   * Return turn reports from this index on (0 for all), so pollers fetch only what is new.
   */
  'reportsFrom'?: (number);
}

export interface StatusRequest__Output {
  /**
   * Return turn reports from this index on (0 for all), so pollers fetch only what is new.
   */
  'reportsFrom': (number);
}
