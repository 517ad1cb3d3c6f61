/** The node descriptions as n8n loads them: which parameters each operation shows. */
const { NodeHelpers } = require('n8n-workflow');
const { loadPackage } = require('../helpers/engine');
const { ONE_DEVICE_OPERATIONS } = require('../../dist/nodes/RemoteIot/RemoteIot.node');

let description;
beforeAll(async () => {
	const loader = await loadPackage();
	description = loader.nodeTypes.remoteIot.type.description;
});

function operations() {
	const resources = description.properties.find((p) => p.name === 'resource').options.map((o) => o.value);
	return resources.flatMap((resource) =>
		description.properties
			.filter((p) => p.name === 'operation' && p.displayOptions.show.resource.includes(resource))
			.flatMap((p) => p.options.map((o) => [resource, o.value])),
	);
}

const shown = (name, resource, operation) =>
	description.properties.filter(
		(p) => p.name === name && NodeHelpers.displayParameter({ resource, operation }, p, { typeVersion: 1 }, description),
	);

test('all 28 endpoints are operations', () => {
	expect(operations()).toHaveLength(28);
});

test.each([['device', 'rename'], ['job', 'getAll'], ['metric', 'getNetworkIn']])('%s.%s has one Device parameter at most', (r, o) => {
	expect(shown('deviceId', r, o).length).toBeLessThanOrEqual(1);
});

test('the shared Device parameter is shown exactly for the one-device operations (Job → Get Many has its own)', () => {
	for (const [resource, operation] of operations()) {
		const devices = shown('deviceId', resource, operation);
		const expected = (ONE_DEVICE_OPERATIONS[resource] ?? []).includes(operation) || (resource === 'job' && operation === 'getAll');
		expect([resource, operation, devices.length]).toEqual([resource, operation, expected ? 1 : 0]);
		if (devices.length) expect(devices[0].required).toBe(!(resource === 'job' && operation === 'getAll'));
	}
});

test('usable as an AI tool; destructive and consuming operations say so in the action, which is what agents read', () => {
	// n8n builds an AI tool's description from the operation's `action` (n8n-workflow makeDescription), not
	// from its `description`: the warning must be in `action` (test/unit/aiTool.test.js checks the built tool).
	expect(description.usableAsTool).toBe(true);
	const all = description.properties.filter((p) => p.name === 'operation').flatMap((p) => p.options.map((o) => [p.displayOptions.show.resource[0], o]));
	const warnings = {
		'device.delete': /destructive/,
		'job.deleteAll': /destructive/,
		'connection.delete': /destructive/,
		'chart.rotateIds': /destructive/,
		'log.getNew': /consuming/,
		'job.create': /remote command execution/,
	};
	for (const [resource, option] of all) {
		expect(option.action).toBeTruthy();
		const warning = warnings[`${resource}.${option.value}`];
		if (warning) {
			expect(option.action).toMatch(warning);
			expect(option.description).toBeTruthy();
		} else {
			expect([resource, option.value, option.action]).not.toEqual([resource, option.value, expect.stringMatching(/destructive|consuming/)]);
		}
	}
});

test('Connection → Delete has no port by default (no 0 below the minimum of 1)', () => {
	const port = description.properties.find((p) => p.name === 'port' && p.displayOptions.show.resource.includes('connection') && p.displayOptions.show.operation.includes('delete'));
	expect(port.default).toBeNull();
	expect(port.typeOptions.minValue).toBe(1);
});

test('Timeout options show only with waiting on, so adding Timeout alone cannot leave waiting off', () => {
	const options = (resource, operation) =>
		description.properties.find((p) => p.name === 'options' && p.displayOptions.show.resource.includes(resource) && p.displayOptions.show.operation.includes(operation)).options;
	const timeout = (resource, operation) => options(resource, operation).find((o) => o.name === 'timeout');
	expect(timeout('job', 'create').displayOptions).toEqual({ show: { waitForCompletion: [true] } });
	expect(timeout('speedTest', 'submit').displayOptions).toEqual({ show: { waitForResult: [true] } });
	const field = options('metric', 'getNetworkIn').find((o) => o.name === 'binaryPropertyName');
	expect(field).toMatchObject({ displayName: 'Put Output File in Field', type: 'string', default: 'data', displayOptions: { show: { returnCsv: [true] } } });
});

test('Group fields are plain strings that say what a group is, with no "ID"', () => {
	const groups = description.properties.flatMap((p) => (p.type === 'collection' ? p.options : [p])).filter((p) => p.name === 'group');
	expect(groups.length).toBe(4);
	for (const group of groups) {
		expect(group.type).toBe('string');
		expect(`${group.displayName} ${group.description} ${group.hint ?? ''}`).not.toMatch(/\bID\b/);
		expect(group.description).toMatch(/appears there once a device is in it/);
	}
});
