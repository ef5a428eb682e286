// The hand-written manifests under k8s/: sample rings and chaos experiments, and the CRD they
// validate against.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, readManifests } from './chart-render.js';
import type { SchemaNode } from './crd-schema.js';
import { ManifestValidator, crdSchemas, type Manifest } from './manifest-validate.js';

/** The generated CRD that samples validate against, relative to the root. */
export const CRD_FILE = 'k8s/crds/basilring.yaml';

/** YAML files of a k8s/ subfolder, relative to the root, sorted. */
export function k8sFiles(folder: 'samples' | 'chaos'): string[] {
  return readdirSync(join(ROOT, 'k8s', folder))
    .filter((file) => file.endsWith('.yaml'))
    .sort()
    .map((file) => `k8s/${folder}/${file}`);
}

/** The BasilRing CRD from k8s/crds. */
export function basilRingCrdManifest(): Manifest {
  const [crd] = readManifests(CRD_FILE);
  if (crd === undefined) throw new Error(`${CRD_FILE} holds no object`);
  return crd;
}

/** The openAPIV3Schema of a BasilRing, from the generated CRD on disk. */
export function basilRingSchema(): SchemaNode {
  const [schema] = crdSchemas(basilRingCrdManifest()).values();
  if (schema === undefined) throw new Error(`${CRD_FILE} serves no version with a schema`);
  return schema;
}

/** A validator that knows built-in kinds, third-party kinds and the BasilRing CRD. */
export function k8sValidator(): ManifestValidator {
  const validator = new ManifestValidator();
  validator.addCrd(basilRingCrdManifest());
  return validator;
}
