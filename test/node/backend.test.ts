// A convolutional model moves a node from WebAssembly to the CPU backend; what the node reports
// (GetStatus and basil_node_info) then names the backend the run trains on.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startNode, type NodeHandle } from '../../services/node/src/main.js';
import { assignmentFor, controlClient, LogTap, ManualClock, TINY_SPEC } from './fixtures.js';

describe('the backend a node reports', () => {
  let node: NodeHandle;
  let control: ReturnType<typeof controlClient>;

  before(async () => {
    node = await startNode({
      grpcPort: 0,
      metricsPort: 0,
      host: '127.0.0.1',
      logDestination: new LogTap(),
      clock: new ManualClock(),
    });
    control = controlClient(node.grpcAddress);
  });

  after(async () => {
    control.close();
    await node.close();
  });

  it('is the one its run trains on once a convolutional model is configured', async () => {
    const atStart = (await control.status()).backend;
    const spec = { ...TINY_SPEC, model: 'mnist-cnn' as const };
    await control.configure(assignmentFor(1, () => '127.0.0.1:1', {}, spec));

    // WebAssembly lacks fast convolutions, so a node that started on it trains on the CPU.
    const expected = atStart === 'wasm' ? 'cpu' : atStart;
    assert.equal((await control.status()).backend, expected);
    const info = (await node.metrics.info.get()).values;
    assert.deepEqual(
      info.map((v) => [v.labels.backend, v.value]),
      [[expected, 1]],
    );
  });
});
