import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Memory } from '../../services/core/src/basil/memory.js';
import { successorsOf } from '../../services/core/src/basil/plan.js';
import { takeTurn, type TurnOutcome } from '../../services/core/src/basil/turn.js';
import { loadData } from '../../services/core/src/data/dataset.js';
import { partition } from '../../services/core/src/data/partition.js';
import { initialWeights, modelDef } from '../../services/core/src/model/zoo.js';
import type { RingSpecInput } from '../../services/core/src/spec/schema.js';
import { parseRingSpec } from '../../services/core/src/spec/validate.js';
import { startNode, type NodeHandle } from '../../services/node/src/main.js';
import type { TurnReport__Output } from '../../services/protocol/src/messages.js';
import { assignmentFor, controlClient, LogTap, TINY_SPEC } from './fixtures.js';

const NODES = 4;
const BYZANTINE = 2;

/** The tiny ring with a Gaussian attacker at position 2, so S = 2 comes from b + 1. */
const SPEC: RingSpecInput = {
  ...TINY_SPEC,
  memory: undefined,
  byzantine: { count: 1, placement: 'explicit', positions: [BYZANTINE] },
};

/** The same turns, one after another in one process, as the simulator takes them. */
async function sequentialTurns(): Promise<TurnOutcome[][]> {
  const spec = parseRingSpec(SPEC);
  const { train, test } = await loadData(spec);
  const parts = partition(train, spec);
  const model = modelDef(spec.model);
  const initial = initialWeights(model, spec.seed);
  const contexts = parts.map((data, position) => ({
    spec,
    model,
    position,
    nodeId: position,
    byzantine: position === BYZANTINE,
    colluders: position === BYZANTINE ? [BYZANTINE] : [],
    data,
    test,
    initial,
  }));
  const memories = contexts.map((ctx) => new Memory(ctx.position, spec.memory, spec.nodes));
  const outcomes: TurnOutcome[][] = contexts.map(() => []);
  for (let round = 1; round <= spec.rounds; round++) {
    for (const ctx of contexts) {
      const outcome = takeTurn(ctx, memories[ctx.position] as Memory, round);
      outcomes[ctx.position]?.push(outcome);
      for (const successor of successorsOf(ctx.position, spec.memory, spec.nodes)) {
        memories[successor]?.store({
          senderPosition: ctx.position,
          round,
          weights: outcome.outgoing,
        });
      }
    }
  }
  return outcomes;
}

const fromReport = (r: TurnReport__Output) => ({
  round: r.round,
  selectedSender: r.selectedSender,
  selectedRound: r.selectedRound,
  selectedLoss: r.selectedLoss,
  selected: r.selected,
  own: r.own,
});

const fromOutcome = (o: TurnOutcome) => ({
  round: o.round,
  selectedSender: o.selectedSender,
  selectedRound: o.selectedRound,
  selectedLoss: o.selectedLoss,
  selected: o.report?.selected ?? null,
  own: o.report?.own ?? null,
});

describe('a ring of node services', () => {
  const taps = Array.from({ length: NODES }, () => new LogTap());
  let nodes: NodeHandle[] = [];

  before(async () => {
    nodes = await Promise.all(
      taps.map((tap, position) =>
        startNode({
          grpcPort: 0,
          metricsPort: 0,
          host: '127.0.0.1',
          logLevel: 'info',
          nodeId: `node-${position}`,
          logDestination: tap,
        }),
      ),
    );
  });

  after(async () => {
    await Promise.all(nodes.map((node) => node.close()));
  });

  it('takes the same turns, bit for bit, as the sequential ring', async () => {
    const address = (position: number) => nodes[position]?.grpcAddress ?? '';
    const controls = nodes.map((node) => controlClient(node.grpcAddress));
    const role = (p: number) => (p === BYZANTINE ? 'ROLE_BYZANTINE' : 'ROLE_HONEST');
    await Promise.all(
      controls.map((control, p) =>
        control.configure(
          assignmentFor(p, address, { role: role(p), colluders: p === BYZANTINE ? [p] : [] }, SPEC),
        ),
      ),
    );
    // Start the last position first, so position 0's first push never meets an idle node.
    for (const control of [...controls].reverse()) await control.start('ring-a', 1);
    const finished = (line: Record<string, unknown>) => line.to === 'NODE_STATE_FINISHED';
    await Promise.all(taps.map((tap) => tap.waitFor(finished)));

    const statuses = await Promise.all(controls.map((control) => control.status()));
    const latest = await controls[0]?.status(1);
    const expected = await sequentialTurns();
    controls.forEach((control) => control.close());
    assert.deepEqual([latest?.reportsTotal, latest?.reports.map((r) => r.round)], [2, [2]]);
    assert.deepEqual(
      statuses.map((status) => status.reports.map(fromReport)),
      expected.map((turns) => turns.map(fromOutcome)),
    );
    assert.ok(statuses.every((s) => s.state === 'NODE_STATE_FINISHED' && s.turnsTimedOut === 0));
  });
});
