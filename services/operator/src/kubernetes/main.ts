// Entry point of the operator in a cluster: wires config, logger, metrics, the API client, the
// HTTP endpoint, leader election and the ring controller together, and takes them down again.
import type { KubeConfig } from '@kubernetes/client-node';
import { pino, type Logger } from 'pino';
import { OperatorMetrics } from '../metrics.js';
import { KubeApi } from './api.js';
import { loadOperatorConfig, type OperatorConfig } from './config.js';
import { RingController } from './controller.js';
import { loadKubeConfig } from './kubeconfig.js';
import { serveOperatorHttp } from './http.js';
import { LeaderElector } from './leader.js';
import { RingReconciler } from './reconcile.js';
import type { ControlFactory } from './ring-run.js';

/** Everything `runOperator` can be given instead of its defaults. */
export interface OperatorRunOptions {
  /** Defaults to the environment, read by `loadOperatorConfig`. */
  readonly config?: OperatorConfig;
  /** Defaults to in-cluster credentials, or the user's kubeconfig outside a cluster. */
  readonly kubeConfig?: KubeConfig;
  readonly logger?: Logger;
  /** Aborting it stops the operator gracefully. */
  readonly signal?: AbortSignal;
  readonly controlFactory?: ControlFactory;
  /** Address the HTTP endpoint binds; all interfaces unless given. */
  readonly host?: string;
  /** Told the HTTP endpoint's host:port once it listens. */
  onListening?(address: string): void;
}

/** This replica lost the Lease to another one; it must stop and start over. */
export class LeadershipLostError extends Error {
  override name = 'LeadershipLostError';
}

/** A JSON logger for the operator at `level`. */
export function createOperatorLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'basil-operator' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}

const aborted = (signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });

/**
 * Runs the operator until `signal` aborts (resolves) or leadership is lost (rejects with
 * LeadershipLostError). Configuration errors reject with ConfigError before anything starts.
 */
export async function runOperator(options: OperatorRunOptions = {}): Promise<void> {
  const config = options.config ?? loadOperatorConfig();
  const logger = options.logger ?? createOperatorLogger(config.logLevel);
  const kubeConfig = options.kubeConfig ?? loadKubeConfig();
  const signal = options.signal ?? new AbortController().signal;
  const metrics = new OperatorMetrics();
  const api = new KubeApi(kubeConfig);
  const reconciler = new RingReconciler({
    api,
    nodeDefaults: config.node,
    logger,
    metrics,
    controlFactory: options.controlFactory,
  });
  const controller = new RingController({
    kubeConfig,
    api,
    namespace: config.namespace,
    reconciler,
    logger,
  });
  let leading = false;
  // A replica waiting for the Lease is ready: it must not hold up a rolling update.
  const http = await serveOperatorHttp({
    host: options.host ?? '0.0.0.0',
    port: config.port,
    registry: metrics.registry,
    ready: () => !leading || controller.synced,
  });
  options.onListening?.(http.address);
  logger.info({ address: http.address, namespace: config.namespace || '*' }, 'operator started');

  const elector = config.lease.enabled
    ? new LeaderElector({ api, lease: config.lease, logger })
    : undefined;
  let lost = false;
  try {
    if (elector === undefined) {
      leading = true;
      controller.start();
      await aborted(signal);
    } else {
      const handlers = {
        onStartedLeading: () => {
          leading = true;
          controller.start();
        },
        onStoppedLeading: () => (lost = true),
      };
      await elector.run(handlers, signal);
    }
  } finally {
    await controller.stop();
    // An unreleased Lease only makes the next leader wait for it to expire.
    if (elector?.isLeader) {
      await elector.release().catch((err: unknown) => logger.warn({ err }, 'lease not released'));
    }
    await http.close();
    logger.info({ leadershipLost: lost }, 'operator stopped');
  }
  if (lost) throw new LeadershipLostError('another replica took over the Lease');
}
