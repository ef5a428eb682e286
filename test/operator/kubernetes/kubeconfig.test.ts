import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../../services/operator/src/kubernetes/config.js';
import {
  loadKubeConfig,
  NO_KUBECONFIG,
} from '../../../services/operator/src/kubernetes/kubeconfig.js';

/** A kubeconfig for a cluster on loopback that no test ever contacts. */
const KUBECONFIG = `
apiVersion: v1
kind: Config
clusters:
  - name: local
    cluster: { server: 'https://127.0.0.1:6443' }
users:
  - name: dev
    user: { token: t }
contexts:
  - name: dev@local
    context: { cluster: local, user: dev }
current-context: dev@local
`;

describe('loading the Kubernetes configuration', () => {
  it('returns the configuration of a readable kubeconfig', () => {
    const kubeConfig = loadKubeConfig((kc) => kc.loadFromString(KUBECONFIG));
    assert.equal(kubeConfig.getCurrentCluster()?.server, 'https://127.0.0.1:6443');
  });

  it("refuses the library's localhost:8080 fallback when nothing is configured", () => {
    const fallback = { name: 'cluster', server: 'http://localhost:8080', skipTLSVerify: false };
    assert.throws(
      () => loadKubeConfig((kc) => kc.loadFromClusterAndUser(fallback, { name: 'user' })),
      { name: ConfigError.name, message: NO_KUBECONFIG },
    );
  });

  it('names a current context without a cluster', () => {
    const dangling = KUBECONFIG.replace('current-context: dev@local', 'current-context: gone');
    assert.throws(() => loadKubeConfig((kc) => kc.loadFromString(dangling)), {
      name: ConfigError.name,
      message: 'the Kubernetes configuration has no cluster for its current context "gone"',
    });
  });

  it('turns an unreadable file into one ConfigError that names it', () => {
    assert.throws(() => loadKubeConfig((kc) => kc.loadFromFile('/nonexistent/kubeconfig')), {
      name: ConfigError.name,
      message:
        'cannot read the Kubernetes configuration: ' +
        "ENOENT: no such file or directory, open '/nonexistent/kubeconfig'",
    });
  });
});
