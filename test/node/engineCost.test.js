/**
 * What n8n's declarative engine does per item for our node, counted (not timed) in the real engine: how
 * often it evaluates expressions. The benchmark (docs/benchmarks.md) explains why these counts are the
 * per-item cost; this guards them.
 */
const { runNode, countEvaluations } = require('../helpers/engine');
const { useSandbox, unitId } = require('../helpers/sandbox');

const ctx = useSandbox({ devices: 10 });

test('per item, a Device expression is evaluated 5 times (2 deviceId properties × 2 walks + our read) and nothing else is', async () => {
	const items = Array.from({ length: 10 }, (_, k) => ({ UnitId: unitId(k) }));
	const { result, counts } = await countEvaluations(() =>
		runNode({
			sandbox: ctx.api,
			items,
			parameters: {
				resource: 'device',
				operation: 'changeGroup',
				deviceId: { __rl: true, mode: 'id', value: '={{ $json.UnitId }}' },
				group: 'Moved',
			},
		}),
	);
	expect(result.error).toBeUndefined();
	expect(result.json).toHaveLength(10);
	expect(ctx.sandbox.control.requestsTo('ChangeGroup').map((r) => r.body.UnitId).sort()).toEqual(items.map((i) => i.UnitId).sort());
	// Only the Device expression: no base URL expression (requestDefaults has none), no other.
	expect([...counts.keys()]).toEqual(['={{ $json.UnitId }}']);
	expect(counts.get('={{ $json.UnitId }}')).toBe(5 * items.length);
});
