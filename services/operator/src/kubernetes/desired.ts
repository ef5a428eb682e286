// What a BasilRing asks for, once checked: the ring spec, its plan and the pod settings, or the
// situation that explains why the ring cannot run.
import {
  parseRingSpec,
  planRing,
  SpecError,
  type RingPlan,
  type RingSpec,
} from '../../../core/src/index.js';
import { ringNameProblem, splitSpec, type BasilRing, type PodSettings } from './ring.js';
import { situations, type Situation } from './status.js';

/** A ring that can run. */
export interface Desired {
  readonly spec: RingSpec;
  readonly plan: RingPlan;
  readonly pod: PodSettings;
}

/** A ring that cannot run, and why. */
export interface Invalid {
  readonly situation: Situation;
}

/** Checks the ring's name and spec; plans the ring when both are valid. */
export function desiredRing(ring: BasilRing): Desired | Invalid {
  const { namespace = '', name = '' } = ring.metadata ?? {};
  const nameProblem = ringNameProblem(name);
  if (nameProblem !== undefined) {
    return { situation: situations.invalid('InvalidName', nameProblem) };
  }
  const { ringSpec, pod } = splitSpec(ring.spec);
  try {
    const spec = parseRingSpec(ringSpec, `BasilRing ${namespace}/${name}`);
    return { spec, plan: planRing(spec), pod };
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    // Prefixed with "spec" so the message names the field as it is written in the resource.
    const issues = error.issues.map((issue) =>
      issue.startsWith('(spec)') ? `spec${issue.slice('(spec)'.length)}` : `spec.${issue}`,
    );
    return { situation: situations.invalid('InvalidSpec', issues.join('; ')) };
  }
}

/** Whether the ring can run. */
export const isRunnable = (desired: Desired | Invalid): desired is Desired => 'spec' in desired;
