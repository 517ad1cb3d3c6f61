const { runNode } = require('../helpers/engine');
const { useSandbox } = require('../helpers/sandbox');

const ctx = useSandbox({ devices: 5 });
const run = (parameters, extra = {}) => runNode({ sandbox: ctx.api, parameters, ...extra });
const requests = (path) => ctx.sandbox.control.requestsTo(path);

describe('group.create', () => {
	test('sends Name as Group and outputs { success, Group }', async () => {
		const { items, error } = await run({ resource: 'group', operation: 'create', name: ' Lab Devices ' });
		expect(error).toBeUndefined();
		expect(requests('AddGroup').map((r) => r.body)).toEqual([{ Group: 'Lab Devices' }]);
		expect(items).toEqual([{ json: { success: true, Group: 'Lab Devices' }, pairedItem: { item: 0 } }]);
		expect(ctx.sandbox.fleet.groups.has('Lab Devices')).toBe(true);
	});

	test('one request per input item, each output paired with its item', async () => {
		const { items } = await run(
			{ resource: 'group', operation: 'create', name: '={{ $json.g }}' },
			{ items: [{ json: { g: 'A' } }, { json: { g: 'B' } }] },
		);
		expect(requests('AddGroup').map((r) => r.body.Group).sort()).toEqual(['A', 'B']);
		expect(items.map((i) => [i.json.Group, i.pairedItem.item])).toEqual([['A', 0], ['B', 1]]);
	});

	test('an empty name is refused before any request', async () => {
		const { error } = await run({ resource: 'group', operation: 'create', name: '  ' });
		expect(error.message).toMatch('"Name" is empty');
		expect(ctx.sandbox.control.requests).toHaveLength(0);
	});

	test('an API error becomes a readable error; continue-on-fail keeps the pairing', async () => {
		ctx.sandbox.control.injectFaults({ path: 'AddGroup', status: 500 });
		const { items } = await run({ resource: 'group', operation: 'create', name: 'X' }, { continueOnFail: true });
		expect(items).toHaveLength(1);
		expect(items[0].json.error).toMatch('internal error');
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});
});
