/** The node descriptions as n8n loads them: which parameters each operation shows. */
const { NodeHelpers } = require('n8n-workflow');
const { loadPackage } = require('../helpers/engine');
const { mergeSameFields } = require('../../dist/nodes/RemoteIot/shared/descriptions');

/** The operations whose contract (shared/node-contract.md) names a required `deviceId`. */
const ONE_DEVICE_OPERATIONS = {
	chart: ['getHistory'],
	connection: ['create', 'delete'],
	customField: ['update'],
	device: ['changeGroup', 'delete', 'rename'],
	file: ['write'],
	job: ['create', 'deleteAll'],
	log: ['getNew'],
	speedTest: ['getResult', 'submit'],
};

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

/** Each resource's own descriptions, before the node merges shared fields (what each operation's file declares). */
function declared() {
	const names = ['chart', 'connection', 'customField', 'device', 'file', 'group', 'job', 'log', 'metric', 'speedTest'];
	return names.flatMap((name) => require(`../../dist/nodes/RemoteIot/resources/${name}`)[`${name}Description`]);
}

const showsFor = (p, resource, operation) => {
	const show = p.displayOptions?.show ?? {};
	return (!show.resource || show.resource.includes(resource)) && (!show.operation || show.operation.includes(operation));
};

test('merging shared fields keeps every operation\'s fields, their definitions and their order', () => {
	const before = declared();
	const merged = description.properties.filter((p) => p.name !== 'requestOptions');
	expect(merged.length).toBeLessThan(before.length);
	// Fields many operations share are one property each (the required Device, Return All, Limit, Hours, Chart).
	for (const name of ['returnAll', 'limit', 'hours', 'chartId']) expect([name, merged.filter((p) => p.name === name).length]).toEqual([name, 1]);
	expect(merged.filter((p) => p.name === 'deviceId' && p.required)).toHaveLength(1);
	for (const [resource, operation] of operations()) {
		const strip = ({ displayOptions, ...rest }) => [rest, { ...displayOptions?.show, resource: undefined, operation: undefined }];
		// The operation selector first, then the operation's fields, as each resource's files declare them.
		const want = before.filter((p) => showsFor(p, resource, operation)).map(strip);
		const got = merged.filter((p) => p.name !== 'resource' && showsFor(p, resource, operation)).map(strip);
		expect(got[0][0].name).toBe('operation');
		expect([resource, operation, got]).toEqual([resource, operation, want]);
	}
});

test('mergeSameFields merges only the same field, only where resource × operation is exact, and keeps order', () => {
	const op = (resource, values) => ({ displayName: 'Operation', name: 'operation', type: 'options', default: values[0], displayOptions: { show: { resource: [resource] } }, options: values.map((value) => ({ name: value, value })) });
	const field = (name, resource, operation, extra = {}) => ({ displayName: name, name, type: 'string', default: '', displayOptions: { show: { resource: [resource], operation: [operation] } }, ...extra });
	const preSendA = async (o) => o;
	const preSendB = async (o) => o;
	const props = [
		op('a', ['x', 'y']),
		op('b', ['x', 'z']),
		field('first', 'a', 'x'),
		field('shared', 'a', 'x'),
		field('shared', 'b', 'z'),
		field('first', 'b', 'z'),
		field('sent', 'a', 'y', { routing: { send: { preSend: [preSendA] } } }),
		field('sent', 'b', 'x', { routing: { send: { preSend: [preSendB] } } }),
		field('wide', 'a', 'x'),
		field('wide', 'b', 'z'),
		field('narrow', 'a', 'y'),
		field('narrow', 'b', 'x'),
	];
	const out = mergeSameFields(props);
	const names = out.map((p) => p.name);
	// Different functions: not the same field. a.y + b.x would also show for a.x and b... (a.x exists): not merged.
	expect(names.filter((n) => n === 'sent')).toHaveLength(2);
	expect(names.filter((n) => n === 'narrow')).toHaveLength(2);
	// shared and wide: a.x and b.z only, and resource × operation = {a.x, a.z, b.x, b.z}, of which a.z does not
	// exist while b.x does: not exact, so kept apart.
	expect(names.filter((n) => n === 'wide')).toHaveLength(2);
	// p then q in a.x, q then p in b.z: merging both would need two orders, so only p is merged.
	const crossed = mergeSameFields([op('a', ['x']), op('b', ['z']), field('p', 'a', 'x'), field('q', 'a', 'x'), field('q', 'b', 'z'), field('p', 'b', 'z')]);
	expect(crossed.map((p) => p.name).filter((n) => n === 'p')).toHaveLength(1);
	expect(crossed.map((p) => p.name).filter((n) => n === 'q')).toHaveLength(2);
	const shownIn = (list, r, o) => list.filter((p) => p.name !== 'operation' && showsFor(p, r, o)).map((p) => p.name);
	expect(shownIn(crossed, 'a', 'x')).toEqual(['p', 'q']);
	expect(shownIn(crossed, 'b', 'z')).toEqual(['q', 'p']);
	const sameOrder = mergeSameFields([op('a', ['x']), op('b', ['z']), field('p', 'a', 'x'), field('q', 'a', 'x'), field('p', 'b', 'z'), field('q', 'b', 'z')]);
	expect(sameOrder.map((p) => p.name)).toEqual(['operation', 'operation', 'p', 'q']);
	expect(sameOrder[2].displayOptions.show).toEqual({ resource: ['a', 'b'], operation: ['x', 'z'] });
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
