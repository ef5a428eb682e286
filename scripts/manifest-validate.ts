// Validates Kubernetes objects against their schemas: built-in kinds with kubernetes-models (plus
// an unknown-field check), BasilRing and other custom kinds with their structural schemas.
import { CustomResourceDefinition } from 'kubernetes-models/apiextensions.k8s.io/v1';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import {
  ClusterRole,
  ClusterRoleBinding,
  Role,
  RoleBinding,
} from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { ConfigMap, Pod, Service, ServiceAccount } from 'kubernetes-models/v1';
import type { SchemaNode } from './crd-schema.js';
import { CUSTOM_KIND_SCHEMAS } from './custom-kinds.js';
import { validateCustomResource, type SchemaIssue } from './openapi-validate.js';
import { unknownFields } from './unknown-fields.js';

/** A parsed Kubernetes object: only apiVersion and kind are trusted before validation. */
export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly [field: string]: unknown;
}

type Model = new (data: never) => { validate(): void };

const BUILT_IN: Readonly<Record<string, Model>> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Pod': Pod,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'rbac.authorization.k8s.io/v1/ClusterRole': ClusterRole,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': ClusterRoleBinding,
  'rbac.authorization.k8s.io/v1/Role': Role,
  'rbac.authorization.k8s.io/v1/RoleBinding': RoleBinding,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'apiextensions.k8s.io/v1/CustomResourceDefinition': CustomResourceDefinition,
};

interface AjvLikeError {
  readonly instancePath?: string;
  readonly message?: string;
}

function modelIssues(model: Model, object: Manifest): SchemaIssue[] {
  try {
    new model(object as never).validate();
    return [];
  } catch (error) {
    const details = (error as { errors?: AjvLikeError[] }).errors;
    if (!Array.isArray(details)) throw error;
    return details.map((detail) => ({
      path: (detail.instancePath ?? '')
        .replace(/^\//, '')
        .replaceAll('/', '.')
        .replace(/\.(\d+)(?=\.|$)/g, '[$1]'),
      message: detail.message ?? 'invalid',
    }));
  }
}

/** The openAPIV3Schema of each served version of a CRD, keyed by `group/version/Kind`. */
export function crdSchemas(crd: Manifest): Map<string, SchemaNode> {
  const spec = crd.spec as {
    group: string;
    names: { kind: string };
    versions: { name: string; served: boolean; schema?: { openAPIV3Schema?: SchemaNode } }[];
  };
  const schemas = new Map<string, SchemaNode>();
  for (const version of spec.versions) {
    const schema = version.schema?.openAPIV3Schema;
    if (version.served && schema !== undefined) {
      schemas.set(`${spec.group}/${version.name}/${spec.names.kind}`, schema);
    }
  }
  return schemas;
}

/** Validates objects of every kind it knows; each object's kind is counted in `counts`. */
export class ManifestValidator {
  private readonly customSchemas = new Map<string, SchemaNode>(Object.entries(CUSTOM_KIND_SCHEMAS));

  /** Makes the kinds a CRD defines known, so objects of those kinds validate against it. */
  addCrd(crd: Manifest): void {
    for (const [key, schema] of crdSchemas(crd)) this.customSchemas.set(key, schema);
  }

  /** Every problem of one object; an object of an unknown kind is itself a problem. */
  validate(object: Manifest): SchemaIssue[] {
    const key = `${object.apiVersion}/${object.kind}`;
    const model = BUILT_IN[key];
    if (model !== undefined) return [...modelIssues(model, object), ...unknownFields(object)];
    const schema = this.customSchemas.get(key);
    if (schema !== undefined) return validateCustomResource(schema, object);
    return [{ path: 'kind', message: `no schema known for ${key}` }];
  }
}

/** `Kind/namespace/name` of an object, for messages. */
export function describeObject(object: Manifest): string {
  const { name = '(unnamed)', namespace } = object.metadata ?? {};
  return namespace === undefined ? `${object.kind}/${name}` : `${object.kind}/${namespace}/${name}`;
}
