import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../services/node/src/config.js';

describe('node config', () => {
  it('falls back to the documented defaults', () => {
    assert.deepEqual(loadConfig({}, {}), {
      grpcPort: 50051,
      metricsPort: 9464,
      host: '0.0.0.0',
      logLevel: 'info',
      nodeId: hostname(),
    });
  });

  it('reads BASIL_* variables, treating empty ones as unset', () => {
    const env = {
      BASIL_GRPC_PORT: '7000',
      BASIL_METRICS_PORT: '0',
      BASIL_HOST: '127.0.0.1',
      BASIL_LOG_LEVEL: 'debug',
      BASIL_NODE_ID: '',
    };

    assert.deepEqual(loadConfig({}, env), {
      grpcPort: 7000,
      metricsPort: 0,
      host: '127.0.0.1',
      logLevel: 'debug',
      nodeId: hostname(),
    });
  });

  it('lets options win over variables', () => {
    const env = { BASIL_GRPC_PORT: '7000', BASIL_NODE_ID: 'from-env' };

    const config = loadConfig({ grpcPort: 0, nodeId: 'basil-3' }, env);

    assert.deepEqual([config.grpcPort, config.nodeId], [0, 'basil-3']);
  });

  it('is frozen', () => {
    assert.ok(Object.isFrozen(loadConfig({}, {})));
  });

  const bad: [string, Parameters<typeof loadConfig>, string][] = [
    [
      'a port that is not a number',
      [{}, { BASIL_GRPC_PORT: 'http' }],
      'BASIL_GRPC_PORT: expected a port number from 0 to 65535, got "http"',
    ],
    [
      'a port above 65535',
      [{}, { BASIL_METRICS_PORT: '70000' }],
      'BASIL_METRICS_PORT: expected a port number from 0 to 65535, got "70000"',
    ],
    [
      'a negative port option',
      [{ grpcPort: -1 }, {}],
      'option grpcPort: expected a port number from 0 to 65535, got "-1"',
    ],
    [
      'an unknown log level',
      [{}, { BASIL_LOG_LEVEL: 'loud' }],
      'BASIL_LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent, got "loud"',
    ],
    [
      'a node id with a space',
      [{}, { BASIL_NODE_ID: 'node 1' }],
      'BASIL_NODE_ID: expected a name of 1 to 253 characters without spaces, got "node 1"',
    ],
    [
      'an empty host option',
      [{ host: '' }, {}],
      'option host: expected a host name or address, got ""',
    ],
  ];
  for (const [what, args, message] of bad) {
    it(`rejects ${what}, naming the setting and the value`, () => {
      assert.throws(() => loadConfig(...args), new ConfigError(message));
    });
  }
});
