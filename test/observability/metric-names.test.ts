// The names a live node and a live operator export: every one carries its unit or sits on the
// allow-list of docs/metrics.md, and the catalogue lists exactly the Basil metrics they export.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { startNode, type NodeHandle } from '../../services/node/src/main.js';
import {
  OperatorMetrics,
  serveMetrics,
  type MetricsEndpoint,
} from '../../services/operator/src/metrics.js';
import {
  allowList,
  carriesUnit,
  documentedMetrics,
  familyOf,
  parseExposition,
  scrape,
  type Exposition,
} from './exposition.js';

const discard = new Writable({ write: (_chunk, _encoding, done) => done() });

describe('metric names', () => {
  let node: NodeHandle | undefined;
  let operator: MetricsEndpoint | undefined;
  const pages: { service: string; page: Exposition }[] = [];
  const allowed = allowList();

  before(async () => {
    node = await startNode({
      grpcPort: 0,
      metricsPort: 0,
      host: '127.0.0.1',
      nodeId: 'metric-names',
      logDestination: discard,
      env: {},
    });
    operator = await serveMetrics(new OperatorMetrics().registry, '127.0.0.1', 0);
    pages.push({ service: 'node', page: parseExposition(await scrape(node.metricsAddress)) });
    pages.push({ service: 'operator', page: parseExposition(await scrape(operator.address)) });
  });

  after(async () => {
    await node?.close();
    await operator?.close();
  });

  it('reads a non-empty allow-list from docs/metrics.md', () => {
    assert.ok(allowed.includes('basil_node_round'), `allow-list: ${allowed.join(', ')}`);
    assert.ok(
      allowed.every((name) => !carriesUnit(name)),
      'a listed name has a unit already',
    );
  });

  it('gives every metric a unit suffix unless it is allow-listed', () => {
    for (const { service, page } of pages) {
      const bare = [...page.families.keys()].filter((name) => !carriesUnit(name));
      assert.deepEqual(
        bare.filter((name) => !allowed.includes(name)),
        [],
        `${service}: names without a unit, not on the allow-list`,
      );
    }
  });

  it('ends every counter in _total and makes every _info metric a gauge', () => {
    for (const { service, page } of pages) {
      for (const [name, type] of page.families) {
        if (type === 'counter') assert.match(name, /_total$/, `${service}: ${name}`);
        if (name.endsWith('_info')) assert.equal(type, 'gauge', `${service}: ${name}`);
      }
    }
  });

  it('exports only samples of declared families, histogram suffixes included', () => {
    for (const { service, page } of pages) {
      const orphans = page.samples.filter(
        (sample) => familyOf(sample, page.families) === undefined,
      );
      assert.deepEqual(orphans, [], `${service}: samples without a # TYPE line`);
    }
  });

  it('documents exactly the Basil metrics the node and operator export', () => {
    const exported = pages.flatMap(({ page }) => [...page.families.keys()]);
    const basil = exported.filter((name) => name.startsWith('basil_')).sort();
    assert.deepEqual(documentedMetrics(), basil);
  });

  it('allow-lists only names that are exported', () => {
    const exported = new Set(pages.flatMap(({ page }) => [...page.families.keys()]));
    assert.deepEqual(
      allowed.filter((name) => !exported.has(name)),
      [],
    );
  });
});
