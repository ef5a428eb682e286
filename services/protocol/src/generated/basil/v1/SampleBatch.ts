// Original file: proto/basil/v1/share.proto


/**
 * Labelled samples: `count` samples of `sample_shape` values each.
 */
export interface SampleBatch {
  'count'?: (number);
  /**
   * Shape of one sample (28, 28, 1 for MNIST); must match the receiver's data set.
   */
  'sampleShape'?: (number)[];
  /**
   * Row-major float32 values, little-endian: count * product(sample_shape) elements.
   */
  'x'?: (Buffer | Uint8Array | string);
  /**
   * One byte per sample, each below the data set's class count.
   */
  'y'?: (Buffer | Uint8Array | string);
}

/**
 * Labelled samples: `count` samples of `sample_shape` values each.
 */
export interface SampleBatch__Output {
  'count': (number);
  /**
   * Shape of one sample (28, 28, 1 for MNIST); must match the receiver's data set.
   */
  'sampleShape': (number)[];
  /**
   * Row-major float32 values, little-endian: count * product(sample_shape) elements.
   */
  'x': (Buffer);
  /**
   * One byte per sample, each below the data set's class count.
   */
  'y': (Buffer);
}
