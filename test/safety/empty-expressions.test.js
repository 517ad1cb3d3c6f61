/**
 * Device IDs given by an expression that comes out empty (an item without the field, "", null, an empty
 * list, or an AI tool's $fromAI left out or sent empty) is refused before any request with an error naming
 * the parameter, in every operation with Device IDs and in the trigger. A fixed, empty field keeps meaning
 * "every device" (the public contract). Real engine against the sandbox.
 */
const { runNode, createTrigger } = require('../helpers/engine');
const { useSandbox, unitId, rl } = require('../helpers/sandbox');
const { fileItem } = require('../helpers/operations');

const ctx = useSandbox({ devices: 6 });
const run = (parameters, options = {}) => runNode({ sandbox: ctx.api, parameters, ...options });
const allRequests = () => ctx.sandbox.control.requests;

const withDeviceIds = [
	['device.getStatus', (deviceIds) => ({ resource: 'device', operation: 'getStatus', deviceIds })],
	['customField.get', (deviceIds) => ({ resource: 'customField', operation: 'get', customField: 'Custom001', deviceIds })],
	['metric.getDeviceUptime', (deviceIds) => ({ resource: 'metric', operation: 'getDeviceUptime', deviceIds, hours: 2 })],
	['chart.getHistoryMulti', (deviceIds) => ({ resource: 'chart', operation: 'getHistoryMulti', chartId: rl('name', 'Memory Usage'), deviceIds, hours: 1 })],
	['file.upload', (deviceIds) => ({ resource: 'file', operation: 'upload', binaryPropertyName: 'data', folder: '/tmp/', target: 'devices', deviceIds })],
];

const emptyExpressions = [
	['a missing field', '={{ $json.ids }}', 'undefined'],
	['an empty text', '={{ "" }}', 'an empty text'],
	['null', '={{ null }}', 'null'],
	['an empty list', '={{ [] }}', 'an empty list'],
	['only separators', '={{ " , " }}', 'an empty text'],
];

describe.each(withDeviceIds)('%s', (_name, parameters) => {
	test.each(emptyExpressions)('an expression giving %s is refused before any request', async (_case, expression, what) => {
		const { error } = await run(parameters(expression), { items: [fileItem()] });
		expect(error).toBeDefined();
		expect(error.message).toBe(
			`"Device IDs" is empty: its expression returned ${what}. Give one or more UnitIds separated by commas, such as 0000000088888881, 0000000088888882`,
		);
		expect(error.description).toMatch(/To act on every device of the account, leave the field empty without an expression/);
		expect(allRequests()).toEqual([]);
	});

	test('an expression giving UnitIds still works', async () => {
		const { error } = await run(parameters(`={{ ["${unitId(1)}", "${unitId(2)}"] }}`), { items: [fileItem()] });
		expect(error).toBeUndefined();
	});
});

test('a fixed, empty Device IDs field still means every device (the contract)', async () => {
	const { error, json } = await run({ resource: 'device', operation: 'getStatus', deviceIds: '' });
	expect(error).toBeUndefined();
	expect(json).toHaveLength(6);
});

test('the hint of a fixed, empty Device IDs field says it means every device, in plain words', async () => {
	const { loadPackage } = require('../helpers/engine');
	const loader = await loadPackage();
	const fields = loader.nodeTypes.remoteIot.type.description.properties.filter((p) => p.name === 'deviceIds');
	expect(fields.length).toBeGreaterThan(0);
	for (const field of fields) {
		if (field.displayOptions.show.resource.includes('file')) continue; // upload: Device IDs is required there
		expect(field.hint).toMatch(/^Empty = every device/);
	}
});

describe('an AI tool call ($fromAI) that leaves Device IDs out or empty is refused, not answered with the whole fleet', () => {
	const parameters = { resource: 'device', operation: 'getStatus', deviceIds: "={{ $fromAI('deviceIds', 'UnitIds of the devices, separated by commas', 'string') }}" };

	test.each([
		['no arguments ({})', {}],
		['deviceIds: ""', { deviceIds: '' }],
		['deviceIds: null', { deviceIds: null }],
	])('%s', async (_case, args) => {
		const { error } = await run(parameters, { items: [{ json: args }] });
		expect(error).toBeDefined();
		expect(error.message).toMatch(/^"Device IDs" is empty: its expression returned .*Give one or more UnitIds separated by commas/);
		expect(allRequests()).toEqual([]);
	});

	test('with UnitIds it answers for exactly those devices', async () => {
		const { error, json } = await run(parameters, { items: [{ json: { deviceIds: `${unitId(1)}, ${unitId(3)}` } }] });
		expect(error).toBeUndefined();
		expect(json.map((j) => j.UnitId)).toEqual([unitId(1), unitId(3)]);
	});
});

describe('the trigger', () => {
	test('an expression giving no Device IDs fails the poll before any request', async () => {
		const trigger = await createTrigger({ sandbox: ctx.api, parameters: { events: ['deviceOnline'], deviceIds: '={{ "" }}' } });
		await expect(trigger.poll()).rejects.toThrow(/^"Device IDs" is empty: its expression returned an empty text/);
		expect(allRequests()).toEqual([]);
	});

	test('a fixed, empty field still follows every device', async () => {
		const trigger = await createTrigger({ sandbox: ctx.api, parameters: { events: ['deviceOnline'], deviceIds: '' } });
		await expect(trigger.poll()).resolves.toEqual([]);
		expect(allRequests().length).toBeGreaterThan(0);
	});
});
