/**
 * On Error, in the real engine (n8n-core's WorkflowExecute, the node connected to a previous node as in
 * a workflow): "Stop Workflow", "Continue (using regular output)" and "Continue (using error output)".
 * n8n routes an item to the error output only when every key of its `json` is error, message or details
 * (workflow-execute.js, handleNodeErrorOutput), so a failed item is `{ error, details }` with pairedItem.
 */
const { runNode } = require('../helpers/engine');
const { useSandbox, unitId, rl } = require('../helpers/sandbox');
const { operations, fileItem } = require('../helpers/operations');

const ctx = useSandbox({ devices: 12 });
const requests = (path) => ctx.sandbox.control.requestsTo(path);
const allRequests = () => ctx.sandbox.control.requests;

const run = (parameters, options = {}) => runNode({ sandbox: ctx.api, parameters, ...options });

/** Rename of three items: a known device, an unknown one (404), a malformed ID (refused before any request). */
const renameParameters = { resource: 'device', operation: 'rename', deviceId: rl('id', '={{ $json.id }}'), name: '={{ $json.name }}' };
const renameItems = () => [
	{ json: { id: unitId(1), name: 'Good' } },
	{ json: { id: '0000000011111111', name: 'Unknown' } },
	{ json: { id: 'two\nlines', name: 'Malformed' } },
];

describe('the three On Error settings (Device → Rename: good, unknown, malformed)', () => {
	test('Stop Workflow: the run fails with the first failure, as n8n shows it', async () => {
		const { error, items } = await run(renameParameters, { onError: 'stopWorkflow', items: renameItems() });
		expect(error).toBeDefined();
		expect(error.message).toMatch(/^(RemoteIoT could not find device 0000000011111111|"two\nlines" is not a valid device ID)/);
		expect(items).toEqual([]);
	});

	test('Continue (using regular output): every item on output 0, failures as { error, details }, all paired', async () => {
		const { error, outputs } = await run(renameParameters, { onError: 'continueRegularOutput', items: renameItems() });
		expect(error).toBeUndefined();
		expect(outputs).toHaveLength(1);
		const [items] = outputs;
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json).toEqual({ success: true, UnitId: unitId(1), Name: 'Good' });
		expect(Object.keys(items[1].json).sort()).toEqual(['details', 'error']);
		expect(items[1].json.error).toMatch(/^RemoteIoT could not find device 0000000011111111 .*check the UnitId/);
		expect(items[1].json.details).toMatch(/RemoteIoT said: .*not found/i);
		expect(items[2].json.error).toMatch(/is not a valid device ID in "Device": a UnitId is a short code/);
		expect(requests('rename')).toHaveLength(2);
	});

	test('Continue (using error output): successes on output 0, failures on output 1 with message, details and pairedItem', async () => {
		const { error, outputs, items, errorItems } = await run(renameParameters, { onError: 'continueErrorOutput', items: renameItems() });
		expect(error).toBeUndefined();
		expect(outputs).toHaveLength(2);
		expect(items.map((item) => [item.pairedItem, item.json])).toEqual([[{ item: 0 }, { success: true, UnitId: unitId(1), Name: 'Good' }]]);
		expect(errorItems.map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 2 }]);
		// n8n adds the input item's fields to an error item (through pairedItem): the input is at hand in the error branch.
		expect(errorItems[0].json).toMatchObject({ id: '0000000011111111', name: 'Unknown' });
		expect(errorItems[0].json.error).toMatch(/^RemoteIoT could not find device 0000000011111111/);
		expect(errorItems[0].json.details).toMatch(/RemoteIoT said/);
		expect(errorItems[1].json.error).toMatch(/is not a valid device ID in "Device"/);
		expect(errorItems[1].json.details).toBeTruthy();
		expect(requests('rename')).toHaveLength(2);
	});
});

test('several output items per input: each points at its input, the refused input goes to the error output', async () => {
	const { error, items, errorItems } = await run(
		{ resource: 'device', operation: 'search', name: '={{ $json.pattern }}', returnAll: true },
		{
			onError: 'continueErrorOutput',
			items: [{ json: { pattern: '^Raspberry pi 0000[3-5]$' } }, { json: { pattern: '^(pi' } }, { json: { pattern: '^Raspberry pi 0000[6-7]$' } }],
		},
	);
	expect(error).toBeUndefined();
	expect(items.map((item) => [item.pairedItem.item, item.json.Name])).toEqual([
		[0, 'Raspberry pi 00003'],
		[0, 'Raspberry pi 00004'],
		[0, 'Raspberry pi 00005'],
		[2, 'Raspberry pi 00006'],
		[2, 'Raspberry pi 00007'],
	]);
	expect(errorItems.map((item) => item.pairedItem)).toEqual([{ item: 1 }]);
	expect(errorItems[0].json.error).toMatch(/"Name" is not a valid regular expression/);
	expect(requests('GetDevice')).toHaveLength(2);
});

test('an empty Device IDs expression is refused to the error output, the other items run', async () => {
	const { items, errorItems } = await run(
		{ resource: 'device', operation: 'getStatus', deviceIds: '={{ $json.ids }}' },
		{ onError: 'continueErrorOutput', items: [{ json: { ids: [unitId(1), unitId(2)] } }, { json: {} }] },
	);
	expect(items.map((item) => [item.pairedItem.item, item.json.UnitId])).toEqual([[0, unitId(1)], [0, unitId(2)]]);
	expect(errorItems.map((item) => item.pairedItem)).toEqual([{ item: 1 }]);
	expect(errorItems[0].json.error).toMatch(/^"Device IDs" is empty: its expression returned undefined/);
	expect(requests('status')).toHaveLength(1);
	expect(requests('device')).toHaveLength(0);
});

test('a failure n8n itself makes while building the request (before any node code) still reaches the error output, unpaired', async () => {
	// An expression error such as a reference to a node that does not exist is raised by n8n's RoutingNode
	// while it evaluates the parameters, before the node's own code runs. n8n makes that item itself
	// ({ json: {}, error }); it cannot carry pairedItem when one input gives several outputs.
	const { items, errorItems } = await run(
		{ resource: 'device', operation: 'rename', deviceId: rl('id', '={{ $json.id ?? $("No such node").item.json.id }}'), name: 'x' },
		{ onError: 'continueErrorOutput', items: [{ json: { id: unitId(2) } }, { json: {} }] },
	);
	expect(items.map((item) => [item.pairedItem, item.json.UnitId])).toEqual([[{ item: 0 }, unitId(2)]]);
	expect(errorItems).toHaveLength(1);
	expect(errorItems[0].json.error).toMatch(/doesn't exist|No such node/);
	expect(errorItems[0].error.context.itemIndex).toBe(1);
	// The one kind of failure item this package cannot pair: n8n-core makes it before any node code runs
	// (routing-node.js, the catch around the request building). If n8n starts pairing it, tighten this.
	expect(errorItems[0].pairedItem).toBeUndefined();
});

describe.each(operations)('$name', ({ name, parameters, items }) => {
	const twoItems = () => (items ? [items[0], fileItem()] : [{ json: { n: 0 } }, { json: { n: 1 } }]);

	test('with the error output: RemoteIoT failing sends every item to output 1, paired, with message and details', async () => {
		ctx.sandbox.control.injectFaults({ status: 500, times: 1000 });
		const result = await run(parameters, { onError: 'continueErrorOutput', items: twoItems() });
		ctx.sandbox.control.clearFaults();
		expect(result.error).toBeUndefined();
		expect([name, result.items]).toEqual([name, []]);
		expect(result.errorItems.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		for (const item of result.errorItems) {
			expect(item.json.error).toBe('RemoteIoT had an internal error');
			expect(item.json.details).toMatch(/not retried/);
		}
	});

	test('with the error output: a working call sends its items to output 0, all paired, and nothing to output 1', async () => {
		const result = await run(parameters, { onError: 'continueErrorOutput', items: items ?? [{ json: {} }] });
		expect(result.error).toBeUndefined();
		expect([name, result.errorItems]).toEqual([name, []]);
		// Every operation outputs at least one item here, but Log > Get New Lines: the sandbox log has no new line.
		expect(result.items.length).toBeGreaterThan(name === 'log.getNew' ? -1 : 0);
		for (const item of result.items) expect(item.pairedItem).toEqual({ item: 0 });
		expect(allRequests().length).toBeGreaterThan(0);
	});
});

describe('input refused before any request goes to the error output, paired; the good item still runs', () => {
	const v = '={{ $json.v }}';
	test.each([
		['group.create', 'AddGroup', { resource: 'group', operation: 'create', name: v }, 'Night crew', ''],
		['device.rename', 'rename', { resource: 'device', operation: 'rename', deviceId: rl('id', unitId(5)), name: v }, 'Renamed 5', ' '],
		['connection.create', 'connect', { resource: 'connection', operation: 'create', deviceId: rl('id', unitId(5)), localPort: v }, 22, 70000],
		['log.getNew', 'log', { resource: 'log', operation: 'getNew', deviceId: rl('id', unitId(5)), file: v }, 'System error', ''],
		['customField.get', 'CustomField', { resource: 'customField', operation: 'get', customField: v, deviceIds: unitId(5) }, 'Custom001', ''],
		['customField.update', 'UpdateCustomField', { resource: 'customField', operation: 'update', customField: v, deviceId: rl('id', unitId(5)), value: 'x' }, 'Custom001', ''],
		['job.create', 'submitjob', { resource: 'job', operation: 'create', deviceId: rl('id', unitId(5)), jobName: 'J', commandType: 'command', command: v }, 'ls', ''],
		['file.write', 'UpdateFile', { resource: 'file', operation: 'write', deviceId: rl('id', unitId(5)), jobName: 'W', filePath: v, content: 'x' }, '/tmp/a.txt', ''],
		['speedTest.getResult', 'GetSpeedTestResult', { resource: 'speedTest', operation: 'getResult', deviceId: rl('id', v) }, unitId(5), ''],
		['job.deleteAll', 'DeleteJob', { resource: 'job', operation: 'deleteAll', deviceId: rl('id', v) }, unitId(5), ''],
		['chart.getHistory', 'ChartHistory', { resource: 'chart', operation: 'getHistory', chartId: rl('name', 'Memory Usage'), deviceId: rl('id', unitId(5)), hours: v }, 1, 0],
		['metric.getNetworkOut', 'NetworkOut', { resource: 'metric', operation: 'getNetworkOut', deviceIds: unitId(5), hours: v }, 1, 0],
	])('%s', async (name, endpoint, parameters, good, bad) => {
		const { error, items, errorItems } = await run(parameters, { onError: 'continueErrorOutput', items: [{ json: { v: good } }, { json: { v: bad } }] });
		expect(error).toBeUndefined();
		// Log > Get New Lines of a log without new lines outputs nothing; every other good item outputs something.
		expect(items.length).toBeGreaterThan(name === 'log.getNew' ? -1 : 0);
		for (const item of items) expect(item.pairedItem).toEqual({ item: 0 });
		expect(errorItems.map((item) => item.pairedItem)).toEqual([{ item: 1 }]);
		expect(errorItems[0].json.error).toMatch(/^(The parameter "|")/);
		expect(errorItems[0].json.details).toBeTruthy();
		expect(requests(endpoint)).toHaveLength(1);
	});
});
