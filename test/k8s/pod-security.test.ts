// The Kubernetes "restricted" Pod Security Standard, written out rule by rule and applied to
// every pod template of the committed default render.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RENDERED_FILE, readManifests } from '../../scripts/chart-render.js';
import { describeObject, type Manifest } from '../../scripts/manifest-validate.js';

interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  allowPrivilegeEscalation?: boolean;
  privileged?: boolean;
  capabilities?: { add?: string[]; drop?: string[] };
  seccompProfile?: { type?: string };
}

interface Container {
  name: string;
  securityContext?: SecurityContext;
  ports?: { hostPort?: number }[];
}

interface PodSpec {
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  securityContext?: SecurityContext;
  containers: Container[];
  initContainers?: Container[];
  volumes?: Record<string, unknown>[];
}

const ALLOWED_VOLUME_TYPES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

/** Every way the restricted standard is broken by one pod spec, one message per breach. */
function restrictedViolations(pod: PodSpec): string[] {
  const out: string[] = [];
  const podContext = pod.securityContext ?? {};
  if (pod.hostNetwork === true) out.push('hostNetwork');
  if (pod.hostPID === true) out.push('hostPID');
  if (pod.hostIPC === true) out.push('hostIPC');
  for (const volume of pod.volumes ?? []) {
    const type = Object.keys(volume).find((key) => key !== 'name') ?? '(none)';
    if (!ALLOWED_VOLUME_TYPES.has(type)) out.push(`volume ${String(volume.name)}: type ${type}`);
  }
  for (const container of [...pod.containers, ...(pod.initContainers ?? [])]) {
    const own = container.securityContext ?? {};
    const at = `container ${container.name}`;
    if (own.privileged === true) out.push(`${at}: privileged`);
    if (own.allowPrivilegeEscalation !== false) out.push(`${at}: allowPrivilegeEscalation`);
    if ((own.runAsNonRoot ?? podContext.runAsNonRoot) !== true) out.push(`${at}: runAsNonRoot`);
    if ((own.runAsUser ?? podContext.runAsUser) === 0) out.push(`${at}: runAsUser 0`);
    const seccomp = (own.seccompProfile ?? podContext.seccompProfile)?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') out.push(`${at}: seccomp`);
    if (!(own.capabilities?.drop ?? []).includes('ALL')) out.push(`${at}: drop ALL`);
    const added = (own.capabilities?.add ?? []).filter((cap) => cap !== 'NET_BIND_SERVICE');
    if (added.length > 0) out.push(`${at}: adds ${added.join(', ')}`);
    if ((container.ports ?? []).some((port) => (port.hostPort ?? 0) !== 0)) {
      out.push(`${at}: hostPort`);
    }
  }
  return out;
}

function podTemplates(objects: readonly Manifest[]): { name: string; pod: PodSpec }[] {
  return objects.flatMap((object) => {
    const spec = object.spec as { template?: { spec?: PodSpec } } | undefined;
    if (object.kind === 'Pod') return [{ name: describeObject(object), pod: spec as PodSpec }];
    const pod = spec?.template?.spec;
    return pod === undefined ? [] : [{ name: describeObject(object), pod }];
  });
}

const compliantContainer = (): Container => ({
  name: 'c',
  securityContext: {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
  },
});

const compliantPod = (): PodSpec => ({
  securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
  containers: [compliantContainer()],
  volumes: [{ name: 'tmp', emptyDir: {} }],
});

describe('restricted pod security', () => {
  const templates = podTemplates(readManifests(RENDERED_FILE));

  it('finds the pod templates of the operator Deployment and the test pod', () => {
    assert.deepEqual(
      templates.map((t) => t.name),
      ['Deployment/basil/basil-operator', 'Pod/basil/basil-test-healthz'],
    );
  });

  it('holds for every pod template of the default render', () => {
    for (const { name, pod } of templates) assert.deepEqual(restrictedViolations(pod), [], name);
  });

  it('sets resource requests and limits on every container', () => {
    for (const { name, pod } of templates) {
      for (const container of pod.containers as (Container & { resources?: object })[]) {
        assert.deepEqual(
          Object.keys(container.resources ?? {}).sort(),
          ['limits', 'requests'],
          name,
        );
      }
    }
  });

  it('holds for the ring pod defaults the operator receives', () => {
    const deployment = readManifests(RENDERED_FILE).find((o) => o.kind === 'Deployment');
    const spec = deployment?.spec as { template: { spec: PodSpec } } | undefined;
    const env = (spec?.template.spec.containers[0] as { env?: { name: string; value?: string }[] })
      .env;
    const json = (name: string): SecurityContext =>
      JSON.parse(env?.find((e) => e.name === name)?.value ?? 'null') as SecurityContext;
    const ringPod: PodSpec = {
      securityContext: json('BASIL_NODE_POD_SECURITY_CONTEXT'),
      containers: [{ name: 'node', securityContext: json('BASIL_NODE_SECURITY_CONTEXT') }],
      volumes: [{ name: 'tmp', emptyDir: {} }],
    };
    assert.deepEqual(restrictedViolations(ringPod), []);
  });

  const breaches: [string, (pod: PodSpec) => void, string][] = [
    ['host network', (p) => (p.hostNetwork = true), 'hostNetwork'],
    ['host PID', (p) => (p.hostPID = true), 'hostPID'],
    ['host IPC', (p) => (p.hostIPC = true), 'hostIPC'],
    [
      'a hostPath volume',
      (p) => p.volumes?.push({ name: 'h', hostPath: {} }),
      'volume h: type hostPath',
    ],
    [
      'privileged',
      (p) => (p.containers[0]!.securityContext!.privileged = true),
      'container c: privileged',
    ],
    [
      'privilege escalation left unset',
      (p) => delete p.containers[0]!.securityContext!.allowPrivilegeEscalation,
      'container c: allowPrivilegeEscalation',
    ],
    [
      'runAsNonRoot missing',
      (p) => delete p.securityContext!.runAsNonRoot,
      'container c: runAsNonRoot',
    ],
    ['root user', (p) => (p.securityContext!.runAsUser = 0), 'container c: runAsUser 0'],
    [
      'unconfined seccomp',
      (p) => (p.securityContext!.seccompProfile = { type: 'Unconfined' }),
      'container c: seccomp',
    ],
    [
      'capabilities kept',
      (p) => (p.containers[0]!.securityContext!.capabilities = {}),
      'container c: drop ALL',
    ],
    [
      'an added capability',
      (p) => (p.containers[0]!.securityContext!.capabilities!.add = ['NET_ADMIN']),
      'container c: adds NET_ADMIN',
    ],
    ['a host port', (p) => (p.containers[0]!.ports = [{ hostPort: 80 }]), 'container c: hostPort'],
  ];

  for (const [breach, mutate, expected] of breaches) {
    it(`rejects ${breach}`, () => {
      const pod = compliantPod();
      mutate(pod);
      assert.deepEqual(restrictedViolations(pod), [expected]);
    });
  }

  it('accepts NET_BIND_SERVICE and a Localhost seccomp profile', () => {
    const pod = compliantPod();
    pod.containers[0]!.securityContext!.capabilities!.add = ['NET_BIND_SERVICE'];
    pod.securityContext!.seccompProfile = { type: 'Localhost' };
    assert.deepEqual(restrictedViolations(pod), []);
  });
});
