// Where the operator finds its cluster: a kubeconfig (KUBECONFIG, or ~/.kube/config) or the
// pod's service account. With neither, the client library quietly aims at localhost:8080 and the
// operator would retry there forever; it refuses to start instead.
import { KubeConfig } from '@kubernetes/client-node';
import { ConfigError } from './config.js';

/** What the client library builds when it finds no configuration at all. */
const FALLBACK = { context: 'loaded-context', cluster: 'cluster', server: 'http://localhost:8080' };

/** The message for a machine with no Kubernetes configuration. */
export const NO_KUBECONFIG =
  'no Kubernetes configuration found: set KUBECONFIG, create ~/.kube/config, or run the ' +
  'operator in a pod with a service account';

function isFallback(kubeConfig: KubeConfig): boolean {
  const cluster = kubeConfig.getCurrentCluster();
  return (
    kubeConfig.getCurrentContext() === FALLBACK.context &&
    cluster?.name === FALLBACK.cluster &&
    cluster.server === FALLBACK.server
  );
}

/**
 * Loads the Kubernetes configuration with `load` (the library's default search unless given);
 * throws ConfigError when it cannot be read or names no cluster.
 */
export function loadKubeConfig(
  load: (kubeConfig: KubeConfig) => void = (kubeConfig) => kubeConfig.loadFromDefault(),
): KubeConfig {
  const kubeConfig = new KubeConfig();
  try {
    load(kubeConfig);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`cannot read the Kubernetes configuration: ${detail}`);
  }
  if (isFallback(kubeConfig)) throw new ConfigError(NO_KUBECONFIG);
  const context = kubeConfig.getCurrentContext();
  if (kubeConfig.getCurrentCluster() === null) {
    throw new ConfigError(
      `the Kubernetes configuration has no cluster for its current context "${context}"`,
    );
  }
  return kubeConfig;
}
