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

test('usable as an AI tool, destructive operations say so', () => {
	expect(description.usableAsTool).toBe(true);
	const all = description.properties.filter((p) => p.name === 'operation').flatMap((p) => p.options.map((o) => [p.displayOptions.show.resource[0], o]));
	for (const [resource, option] of all) {
		expect(option.action).toBeTruthy();
		if (['device.delete', 'job.deleteAll', 'connection.delete', 'chart.rotateIds'].includes(`${resource}.${option.value}`)) {
			expect(option.description).toMatch(/destructive/i);
		}
	}
});
