import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ConfigError,
  loadOperatorConfig,
} from '../../../services/operator/src/kubernetes/config.js';

const MINIMAL = { BASIL_NODE_IMAGE: 'basil:1', POD_NAMESPACE: 'basil-system', POD_NAME: 'op-0' };

describe('operator config', () => {
  it('fills every setting not given with its default', () => {
    const config = loadOperatorConfig(MINIMAL);

    assert.deepEqual(config, {
      namespace: '',
      logLevel: 'info',
      port: 8080,
      node: {
        image: 'basil:1',
        imagePullPolicy: 'IfNotPresent',
        resources: {
          requests: { cpu: '500m', memory: '512Mi' },
          limits: { cpu: '1', memory: '1Gi' },
        },
        logLevel: 'info',
        imagePullSecrets: [],
      },
      lease: {
        enabled: true,
        name: 'basil-operator',
        namespace: 'basil-system',
        identity: 'op-0',
        durationMs: 15_000,
        renewDeadlineMs: 10_000,
        retryPeriodMs: 2_000,
      },
    });
  });

  it('reads what the chart sets', () => {
    const config = loadOperatorConfig({
      ...MINIMAL,
      BASIL_NAMESPACE: 'rings',
      BASIL_LOG_LEVEL: 'debug',
      BASIL_HTTP_PORT: '9090',
      BASIL_NODE_IMAGE_PULL_POLICY: 'Always',
      BASIL_NODE_RESOURCES: '{"requests":{"cpu":"2"}}',
      BASIL_NODE_IMAGE_PULL_SECRETS: '[{"name":"registry"}]',
    });

    assert.equal(config.namespace, 'rings');
    assert.equal(config.logLevel, 'debug');
    assert.equal(config.port, 9090);
    assert.equal(config.node.imagePullPolicy, 'Always');
    assert.deepEqual(config.node.resources, { requests: { cpu: '2' } });
    assert.deepEqual(config.node.imagePullSecrets, [{ name: 'registry' }]);
  });

  it('serves HTTP on BASIL_HTTP_PORT, 8080 by default', () => {
    assert.equal(loadOperatorConfig(MINIMAL).port, 8080);
    assert.equal(loadOperatorConfig({ ...MINIMAL, BASIL_HTTP_PORT: '8181' }).port, 8181);
  });

  it('needs no POD_NAMESPACE when leader election is off', () => {
    const env = { BASIL_NODE_IMAGE: 'basil:1', BASIL_LEADER_ELECTION: 'false' };

    assert.equal(loadOperatorConfig(env).lease.enabled, false);
  });

  it('freezes what it returns', () => {
    const config = loadOperatorConfig(MINIMAL);

    assert.equal(Object.isFrozen(config), true);
    assert.equal(Object.isFrozen(config.node.resources), true);
  });

  const bad: [Record<string, string>, string][] = [
    [{ BASIL_NODE_IMAGE: '' }, 'BASIL_NODE_IMAGE: required (the ring pod image)'],
    [{ BASIL_HTTP_PORT: '70000' }, 'BASIL_HTTP_PORT: expected an integer 0-65535, got "70000"'],
    [{ BASIL_HTTP_PORT: 'http' }, 'BASIL_HTTP_PORT: expected an integer 0-65535, got "http"'],
    [
      { BASIL_LOG_LEVEL: 'loud' },
      'BASIL_LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent, got "loud"',
    ],
    [
      { BASIL_NAMESPACE: 'Rings!' },
      'BASIL_NAMESPACE: expected text matching ^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$, ' +
        'got "Rings!"',
    ],
    [{ POD_NAMESPACE: '' }, 'POD_NAMESPACE: required for leader election (the Lease lives there)'],
    [
      { BASIL_NODE_RESOURCES: '{cpu: 1}' },
      'BASIL_NODE_RESOURCES: expected a JSON object with requests and limits, got "{cpu: 1}"',
    ],
    [
      { BASIL_NODE_IMAGE_PULL_SECRETS: '["registry"]' },
      'BASIL_NODE_IMAGE_PULL_SECRETS: expected a JSON list of {"name": ...}, ' +
        'got "[\\"registry\\"]"',
    ],
    [
      { BASIL_LEADER_ELECTION: 'yes' },
      'BASIL_LEADER_ELECTION: expected one of true, false, got "yes"',
    ],
    [
      { BASIL_LEASE_RENEW_DEADLINE_SECONDS: '20' },
      'BASIL_LEASE_RENEW_DEADLINE_SECONDS: expected a value between BASIL_LEASE_RETRY_SECONDS ' +
        '(2) and BASIL_LEASE_DURATION_SECONDS (15), got "20"',
    ],
  ];

  for (const [overrides, message] of bad) {
    const [variable, value] = Object.entries(overrides)[0] as [string, string];
    it(`rejects ${variable}=${JSON.stringify(value)}, naming the variable`, () => {
      assert.throws(() => loadOperatorConfig({ ...MINIMAL, ...overrides }), {
        name: ConfigError.name,
        message,
      });
    });
  }
});
