const { runNode } = require('../helpers/engine');
const { useSandbox, unitId, rl } = require('../helpers/sandbox');

const ctx = useSandbox({ devices: 5 });
const run = (parameters, extra = {}) => runNode({ sandbox: ctx.api, parameters, ...extra });
const requests = (path) => ctx.sandbox.control.requestsTo(path);

describe('log.getNew', () => {
	test('one item per new line { UnitId, File, Line }; a second call gets nothing', async () => {
		ctx.sandbox.fleet.appendLog(unitId(1), 'System error', ['line one', 'line two\r', '', 'line three']);
		const params = { resource: 'log', operation: 'getNew', deviceId: rl('id', unitId(1)), file: 'System error' };
		const { items, error } = await run(params);
		expect(error).toBeUndefined();
		expect(requests('log').map((r) => r.body)).toEqual([{ UnitId: unitId(1), File: 'System error' }]);
		expect(items).toEqual(
			['line one', 'line two', 'line three'].map((Line) => ({
				json: { UnitId: unitId(1), File: 'System error', Line },
				pairedItem: { item: 0 },
			})),
		);
		const again = await run(params);
		expect(again.error).toBeUndefined();
		expect(again.items).toEqual([]);
	});

	test('several input items: lines paired with the item they came from', async () => {
		ctx.sandbox.fleet.appendLog(unitId(2), 'app', ['a1', 'a2']);
		ctx.sandbox.fleet.appendLog(unitId(3), 'app', ['b1']);
		const { items } = await run(
			{ resource: 'log', operation: 'getNew', deviceId: '={{ $json.id }}', file: 'app' },
			{ items: [{ json: { id: unitId(2) } }, { json: { id: unitId(4) } }, { json: { id: unitId(3) } }] },
		);
		expect(items.map((i) => [i.json.Line, i.pairedItem.item])).toEqual([['a1', 0], ['a2', 0], ['b1', 2]]);
	});

	test('unknown device: 404; empty file name refused before any request', async () => {
		const missing = await run({ resource: 'log', operation: 'getNew', deviceId: rl('id', '0000000099999999'), file: 'x' });
		expect(missing.error.httpCode).toBe('404');
		ctx.sandbox.control.clearRequests();
		const empty = await run({ resource: 'log', operation: 'getNew', deviceId: unitId(1), file: '  ' });
		expect(empty.error.message).toMatch('"Log File" is empty');
		expect(ctx.sandbox.control.requests).toHaveLength(0);
	});
});
