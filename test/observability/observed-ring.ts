// A local ring watched by Prometheus: the scrape config and targets that give the nodes' series
// the `namespace` and `ring` labels the dashboards select on, a scrape of the operator that keeps
// the labels the operator sets itself, and the ring run itself.
import * as grpc from '@grpc/grpc-js';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { pino } from 'pino';
import { stringify } from 'yaml';
import type { RingSpec } from '../../services/core/src/index.js';
import {
  runLocalRing,
  type LocalNodeInfo,
  type LocalRunOutcome,
} from '../../services/operator/src/local/driver.js';
import { LOCAL_NAMESPACE, type OperatorMetrics } from '../../services/operator/src/metrics.js';
import { basilV1 } from '../../services/protocol/src/load.js';
import { scrape } from './exposition.js';
import { writeAtomically } from './prometheus-server.js';

/** Namespace label of a local run, as in the dashboards' `namespace` variable. */
export { LOCAL_NAMESPACE };

/** Namespace the operator's own target gets, as the namespace of its pod in a cluster. */
export const OPERATOR_NAMESPACE = 'basil-system';

/** Job names; the node-down and operator-down alerts match on them. */
const JOBS = { node: 'basil-node', operator: 'basil-operator' } as const;

/**
 * A Prometheus config that scrapes the targets files of `dir` every second. As in a cluster, the
 * operator's target sits in a namespace of its own and names no ring, and its scrape honours the
 * labels the operator exports: its per-ring series keep their ring's `namespace` and `ring`, and
 * only series without them take the target's.
 */
export function prometheusConfig(dir: string, rulesFile: string): string {
  const job = (name: string, file: string, namespace: string, honorLabels: boolean) => ({
    job_name: name,
    honor_labels: honorLabels,
    // File discovery lets the test add targets, with their ring label, once the ring exists.
    file_sd_configs: [{ files: [join(dir, file)], refresh_interval: '1s' }],
    // The namespace of a cluster's scrape; a node's `ring` comes with its targets.
    relabel_configs: [{ target_label: 'namespace', replacement: namespace }],
  });
  return stringify({
    global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
    rule_files: [rulesFile],
    scrape_configs: [
      job(JOBS.node, 'nodes.json', LOCAL_NAMESPACE, false),
      job(JOBS.operator, 'operator.json', OPERATOR_NAMESPACE, true),
    ],
  });
}

/** Writes the targets files: no targets before the ring exists, then the ring's endpoints. */
export async function writeTargets(
  dir: string,
  targets?: { nodes: readonly string[]; operator: string; ring: string },
): Promise<void> {
  const nodes =
    targets === undefined ? [] : [{ targets: targets.nodes, labels: { ring: targets.ring } }];
  // The operator serves every ring: its target carries no ring label.
  const operator = targets === undefined ? [] : [{ targets: [targets.operator] }];
  await writeAtomically(join(dir, 'nodes.json'), JSON.stringify(nodes));
  await writeAtomically(join(dir, 'operator.json'), JSON.stringify(operator));
}

/** The ring id a node reports in `basil_node_info` once it is configured. */
export async function ringIdOf(metricsAddress: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const info = /^basil_node_info\{[^}]*\bring="([^"]+)"/m.exec(await scrape(metricsAddress));
    if (info !== null) return info[1]!;
    if (Date.now() > deadline) throw new Error(`${metricsAddress}: no basil_node_info in time`);
    await delay(200);
  }
}

/** Pushes models for another ring to a node; resolves to the status code of each refusal. */
export async function pushForeignModels(grpcAddress: string, count: number): Promise<string[]> {
  const client = new (basilV1().RingNode)(grpcAddress, grpc.credentials.createInsecure());
  const push = (round: number) =>
    new Promise<string>((resolve) => {
      const envelope = { ringId: 'not-this-ring', epoch: 1, round, senderPosition: 0 };
      const deadline = new Date(Date.now() + 5000);
      client.PushModel({ ...envelope, senderId: 'observability-test' }, { deadline }, (error) =>
        resolve(error === null ? 'OK' : grpc.status[error.code]),
      );
    });
  try {
    const codes: string[] = [];
    for (let round = 1; round <= count; round += 1) codes.push(await push(round));
    return codes;
  } finally {
    client.close();
  }
}

/** A ring run in progress and what the test learns about it along the way. */
export interface ObservedRing {
  /** Resolves when every node process listens. */
  readonly nodes: Promise<readonly LocalNodeInfo[]>;
  /** Settles when the run ends; never rejects, so a failure waits for the test to read it. */
  readonly outcome: Promise<{ result?: LocalRunOutcome; error?: unknown }>;
  /** Unix time in seconds at which the operator recorded each round, in order. */
  readonly roundTimes: number[];
  stop(): void;
}

/** Starts `spec` with the local driver; node and driver logs go to files in `dir`. */
export function startRing(spec: RingSpec, dir: string, metrics: OperatorMetrics): ObservedRing {
  const controller = new AbortController();
  const roundTimes: number[] = [];
  let announce: (nodes: readonly LocalNodeInfo[]) => void = () => undefined;
  const nodes = new Promise<readonly LocalNodeInfo[]>((resolve) => (announce = resolve));
  const logger = pino({ level: 'info' }, createWriteStream(join(dir, 'driver.log')));
  const outcome = runLocalRing(spec, {
    runDir: join(dir, 'ring'),
    logger,
    metrics,
    // The driver learns each node's addresses from its 'node listening' line, logged at info.
    nodeLogLevel: 'info',
    signal: controller.signal,
    onNodes: announce,
    onRound: () => roundTimes.push(Date.now() / 1000),
  }).then(
    (result) => ({ result }),
    (error: unknown) => ({ error }),
  );
  return { nodes, outcome, roundTimes, stop: () => controller.abort() };
}
