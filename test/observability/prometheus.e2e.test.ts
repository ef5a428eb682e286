// The dashboards and alert rules against a real Prometheus scraping a real local ring with a
// hidden attack: every panel and alert expression must parse and find data.
//
// How "finds data" is decided:
// - A panel or annotation expression is queried as Grafana would send it, with `$namespace`,
//   `$ring`, `$__rate_interval`, `$__interval` and `$__range` filled in. Panels are queried at one
//   instant, the last round of the run, and need at least one series with a finite value.
// - An alert condition is mostly false on a healthy ring, so its full expression only has to
//   parse; the same expression with every comparison against a number removed must return at
//   least one series: the series the alert compares exist and its joins match.
// - The hidden-attack annotation is true only near the attack, so it is queried over the whole
//   run and must fire exactly once, no earlier than the attack's start round.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseRingSpec } from '../../services/core/src/index.js';
import {
  OperatorMetrics,
  serveMetrics,
  type MetricsEndpoint,
} from '../../services/operator/src/metrics.js';
import * as artifacts from './artifacts.js';
import {
  LOCAL_NAMESPACE,
  OPERATOR_NAMESPACE,
  prometheusConfig,
  pushForeignModels,
  ringIdOf,
  startRing,
  writeTargets,
  type ObservedRing,
} from './observed-ring.js';
import {
  findExecutable,
  freePort,
  PrometheusServer,
  promtool,
  type Series,
} from './prometheus-server.js';

/** Five nodes, one hidden attacker that turns Gaussian at round 15: about a minute of training. */
const SPEC = parseRingSpec(
  {
    nodes: 5,
    memory: 2,
    rounds: 40,
    seed: 3,
    localSteps: 40,
    dataset: { trainSize: 1000, testSize: 300 },
    byzantine: {
      count: 1,
      placement: 'explicit',
      positions: [1],
      attack: { name: 'hidden', startRound: 15, inner: 'gaussian' },
    },
  },
  'observability test spec',
);
const FOREIGN_PUSHES = 3;

const binaries = { prometheus: findExecutable('prometheus'), promtool: findExecutable('promtool') };
const missing = Object.entries(binaries).flatMap(([name, path]) => (path ? [] : [name]));
const inCi = process.env.CI === 'true';
const skip =
  missing.length > 0 && !inCi ? `${missing.join(' and ')} not on PATH; install prometheus` : false;

const finite = (value: string | undefined) => value !== undefined && Number.isFinite(Number(value));

describe('dashboards and alerts against a real Prometheus', { skip }, () => {
  let dir: string | undefined;
  let operator: MetricsEndpoint | undefined;
  let prometheus: PrometheusServer | undefined;
  let ring: ObservedRing | undefined;
  let ringId = '';
  let foreignCodes: string[] = [];
  let upSince = 0;
  let queryTime = 0;
  let roundSeconds = 0;
  let windowSeconds = 0;
  let variables: artifacts.Variables;

  const server = (): PrometheusServer => prometheus as PrometheusServer;
  const instant = async (expr: string, time = queryTime): Promise<Series[]> => {
    const reply = await server().query(expr, time);
    assert.equal(reply.status, 'success', `${expr}\n${reply.error}`);
    return reply.data.result;
  };

  before(
    async () => {
      if (missing.length > 0) throw new Error(`CI needs ${missing.join(' and ')} on PATH`);
      dir = await mkdtemp(join(tmpdir(), 'basil-observability-'));
      const metrics = new OperatorMetrics();
      operator = await serveMetrics(metrics.registry, '127.0.0.1', 0);
      await writeTargets(dir);
      const config = join(dir, 'prometheus.yml');
      await writeFile(config, prometheusConfig(dir, artifacts.RULES_FILE));
      promtool(binaries.promtool as string, ['check', 'config', config]);
      prometheus = await PrometheusServer.start(
        binaries.prometheus as string,
        dir,
        await freePort(),
      );

      ring = startRing(SPEC, dir, metrics);
      const ended = ring.outcome.then(({ error }) => {
        throw new Error(`the ring ended before its nodes listened: ${String(error)}`);
      });
      const nodes = await Promise.race([ring.nodes, ended]);
      ringId = await ringIdOf(nodes[0]!.metricsAddress, 60_000);
      const addresses = nodes.map((node) => node.metricsAddress);
      await writeTargets(dir, { nodes: addresses, operator: operator.address, ring: ringId });
      foreignCodes = await pushForeignModels(nodes[3]!.grpcAddress, FOREIGN_PUSHES);
      await server().waitFor('every target up', 30_000, async () => {
        type Targets = { activeTargets: { health: string }[] };
        const { activeTargets } = await server().get<Targets>('/api/v1/targets');
        return activeTargets.filter((t) => t.health === 'up').length === SPEC.nodes + 1;
      });
      upSince = Date.now() / 1000;

      const { error } = await ring.outcome;
      if (error !== undefined) throw error;
      // The last round, before the driver stopped the nodes and their series went stale.
      const times = ring.roundTimes;
      queryTime = times.at(-1) as number;
      roundSeconds = (queryTime - (times[0] as number)) / (times.length - 1);
      // Like Grafana's $__rate_interval: several scrapes, and here several turns of every node.
      windowSeconds = Math.max(10, Math.ceil(4 * roundSeconds));
      variables = {
        namespace: LOCAL_NAMESPACE,
        ring: ringId,
        rateInterval: `${windowSeconds}s`,
        interval: '1s',
        range: `${Math.ceil(queryTime - upSince)}s`,
      };
    },
    { timeout: 240_000 },
  );

  after(async () => {
    ring?.stop();
    await ring?.outcome;
    await prometheus?.stop();
    await operator?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('passes promtool check rules', () => {
    const output = promtool(binaries.promtool as string, ['check', 'rules', artifacts.RULES_FILE]);
    assert.match(output, new RegExp(`SUCCESS: ${artifacts.loadRules().length} rules found`));
  });

  it('labels the nodes with their ring, and the operator target with its namespace', async () => {
    const [nodes] = await instant(
      `count(up{namespace="${LOCAL_NAMESPACE}", ring="${ringId}"} == 1)`,
    );
    const [operatorUp] = await instant(`count(up{namespace="${OPERATOR_NAMESPACE}"} == 1)`);
    assert.equal(nodes?.value?.[1], String(SPEC.nodes));
    assert.equal(operatorUp?.value?.[1], '1');
  });

  it("keeps the operator's own namespace and ring labels over its target's", async () => {
    const perRing = '{__name__=~"basil_operator_.+", __name__!="basil_operator_reconcile_total"}';
    const rings = await instant(`count by (namespace, ring) (${perRing})`);
    const renamed = await instant('{__name__=~"basil_operator_.+", exported_namespace!=""}');
    assert.deepEqual(
      rings.map((series) => series.metric),
      [{ namespace: LOCAL_NAMESPACE, ring: ringId }],
    );
    assert.deepEqual(renamed, []);
  });

  it('answers the namespace and ring variables of the dashboards', async () => {
    const values = (label: string, match: string) =>
      server().get<string[]>(`/api/v1/label/${label}/values?match[]=${encodeURIComponent(match)}`);
    assert.deepEqual(await values('namespace', 'basil_node_info'), [LOCAL_NAMESPACE]);
    assert.deepEqual(await values('ring', `basil_node_info{namespace="${LOCAL_NAMESPACE}"}`), [
      ringId,
    ]);
  });

  it('finds data for every panel expression', async (t) => {
    const queries = artifacts.panelQueries(artifacts.loadDashboards());
    const empty: string[] = [];
    for (const { source, expr } of queries) {
      const series = await instant(artifacts.concrete(expr, variables));
      if (!series.some((s) => finite(s.value?.[1]))) empty.push(source);
    }
    t.diagnostic(`panel expressions checked: ${queries.length}, without data: ${empty.length}`);
    assert.deepEqual(empty, []);
  });

  it('parses every alert condition and finds the series it compares', async (t) => {
    const alerts = artifacts.loadRules().filter(({ rule }) => rule.alert !== undefined);
    const empty: string[] = [];
    for (const { rule } of alerts) {
      await instant(rule.expr as string);
      const compared = await instant(artifacts.withoutThresholds(rule.expr as string));
      if (compared.length === 0) empty.push(rule.alert as string);
    }
    t.diagnostic(`alert expressions checked: ${alerts.length}, without data: ${empty.length}`);
    assert.deepEqual(empty, []);
  });

  it('evaluates every rule inside Prometheus without error', async () => {
    type Rules = { groups: { rules: { name: string; health: string; lastError?: string }[] }[] };
    const { groups } = await server().get<Rules>('/api/v1/rules');
    const rules = groups.flatMap((group) => group.rules);
    assert.equal(rules.length, artifacts.loadRules().length);
    const unhealthy = rules.filter((rule) => rule.health !== 'ok');
    assert.deepEqual(unhealthy, []);
  });

  it('marks the start of the hidden attack once, within a window of its start round', async (t) => {
    const [annotation] = artifacts.annotationQueries(artifacts.loadDashboards());
    const expr = artifacts.concrete(annotation!.expr, variables);
    const reply = await server().queryRange(expr, upSince, queryTime, 1);
    assert.equal(reply.status, 'success', reply.error);
    const times = reply.data.result.flatMap((s) => (s.values ?? []).map(([time]) => time));
    const starts = times.filter((time, i) => i === 0 || time - (times[i - 1] as number) > 1);
    assert.equal(starts.length, 1, `annotation starts at ${starts.join(', ')}`);

    // The last honest-looking model is selected in round startRound - 1; the mark follows one
    // rate window later.
    const rounds = `max(basil_node_round{namespace="${LOCAL_NAMESPACE}", ring="${ringId}"})`;
    const [round] = await instant(rounds, starts[0]);
    const marked = Number(round?.value?.[1]);
    const { startRound } = SPEC.byzantine.attack;
    t.diagnostic(`attack starts in round ${startRound}, annotation at round ${marked}`);
    assert.ok(marked >= startRound - 1, `marked at round ${marked}`);
    assert.ok(marked <= startRound + Math.ceil(windowSeconds / roundSeconds) + 1, `${marked}`);
  });

  it('counts pushes for another ring as wrong-ring rejections', async () => {
    assert.deepEqual(foreignCodes, Array(FOREIGN_PUSHES).fill('FAILED_PRECONDITION'));
    const selector = `namespace="${LOCAL_NAMESPACE}", ring="${ringId}", reason="wrong-ring"`;
    const [rejected] = await instant(`sum(basil_node_rejected_models_total{${selector}})`);
    assert.equal(rejected?.value?.[1], String(FOREIGN_PUSHES));
  });
});
