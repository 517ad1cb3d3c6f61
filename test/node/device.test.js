const { runNode } = require('../helpers/engine');
const { useSandbox, unitId, rl } = require('../helpers/sandbox');

const ctx = useSandbox({ devices: 30 });
const run = (parameters, extra = {}) => runNode({ sandbox: ctx.api, parameters, ...extra });
const requests = (path) => ctx.sandbox.control.requestsTo(path);
const allRequests = () => ctx.sandbox.control.requests;

/**
 * Input refused by our checks before any request. n8n's declarative engine (RoutingNode) reports
 * every per-item failure as a NodeApiError built from our NodeOperationError: same message and
 * description, and no HTTP status (httpCode 'none').
 */
function expectInputError(error, message) {
	expect(error).toBeDefined();
	expect(error.message).toMatch(message);
	expect(error.description).toBeTruthy();
	expect(error.httpCode ?? 'none').toBe('none');
	expect(allRequests()).toHaveLength(0);
}

describe('device.getAll', () => {
	test('lists devices with Limit, paired with the input item', async () => {
		const { json, items, error } = await run({ resource: 'device', operation: 'getAll', limit: 3 });
		expect(error).toBeUndefined();
		expect(requests('device').map((r) => r.body)).toEqual([{ Group: '' }]);
		expect(json).toHaveLength(3);
		expect(json[0]).toEqual(ctx.sandbox.fleet.listDevices().length && expect.objectContaining({
			UnitId: unitId(0),
			Name: 'Raspberry pi 00001',
			Group: 'Group01',
			Notes: 'Sensor node 1',
			External_ip: expect.any(String),
			Internal_ip: expect.any(String),
			Mac: expect.any(String),
			Serial: expect.any(String),
		}));
		expect(items.every((item) => item.pairedItem.item === 0)).toBe(true);
	});

	test('Return All with a group sends Group and returns every device of it', async () => {
		const { json } = await run({ resource: 'device', operation: 'getAll', group: 'Group02', returnAll: true });
		expect(requests('device').map((r) => r.body)).toEqual([{ Group: 'Group02' }]);
		expect(json).toHaveLength(3);
		expect(json.every((d) => d.Group === 'Group02')).toBe(true);
	});

	test('several input items each get their own output, paired with them', async () => {
		const { items } = await run(
			{ resource: 'device', operation: 'getAll', limit: 2 },
			{ items: [{ json: { a: 1 } }, { json: { a: 2 } }, { json: { a: 3 } }] },
		);
		expect(items.map((item) => item.pairedItem.item)).toEqual([0, 0, 1, 1, 2, 2]);
		expect(requests('device')).toHaveLength(3);
	});
});

describe('device.search', () => {
	test('sends the regular expression as Name and keeps GetDevice field names', async () => {
		const { json, error } = await run({ resource: 'device', operation: 'search', name: '^Raspberry pi 0000[12]$', returnAll: true });
		expect(error).toBeUndefined();
		expect(requests('GetDevice').map((r) => r.body)).toEqual([{ Name: '^Raspberry pi 0000[12]$' }]);
		expect(json.map((d) => d.Name)).toEqual(['Raspberry pi 00001', 'Raspberry pi 00002']);
		expect(Object.keys(json[0])).toEqual(
			expect.arrayContaining(['UnitId', 'External IP', 'Internal IP', 'MAC Address', 'Description', 'Group', 'Name', 'Serial']),
		);
	});

	test('Java-only syntax such as (?i) is passed through', async () => {
		const { json } = await run({ resource: 'device', operation: 'search', name: '(?i)^RASPBERRY PI 00003$', returnAll: true });
		expect(json.map((d) => d.UnitId)).toEqual([unitId(2)]);
	});

	test.each([
		['(unclosed', /^"Name" is not a valid regular expression: a "\(" is never closed$/],
		['[abc', /^"Name" is not a valid regular expression: a "\[" is never closed$/],
		['a)b', /^"Name" is not a valid regular expression: unbalanced "\)"/],
		['={{ "" }}', /^The parameter "Name" is empty$/],
	])('refuses %p before any request', async (name, message) => {
		const { error } = await run({ resource: 'device', operation: 'search', name });
		expectInputError(error, message);
	});

	test('a literally empty required name is refused by n8n itself before the run', async () => {
		const { error } = await run({ resource: 'device', operation: 'search', name: '' });
		expect(error.message).toMatch(/has issues/);
		expect(allRequests()).toHaveLength(0);
	});
});

describe('device.rename', () => {
	test('by ID: sends UnitId and Name, omits an empty description (kept)', async () => {
		const before = ctx.sandbox.fleet.getDevice(unitId(4)).Notes;
		const { json, items } = await run({
			resource: 'device', operation: 'rename', deviceId: rl('id', unitId(4)), name: 'Pump house', description: '',
		});
		expect(requests('rename').map((r) => r.body)).toEqual([{ UnitId: unitId(4), Name: 'Pump house' }]);
		expect(json).toEqual([{ success: true, UnitId: unitId(4), Name: 'Pump house' }]);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(ctx.sandbox.fleet.getDevice(unitId(4))).toMatchObject({ Name: 'Pump house', Notes: before });
	});

	test('by exact name: resolves through GetDevice with the name escaped and anchored', async () => {
		ctx.sandbox.fleet.getDevice(unitId(5)).Name = 'Cam (north) 1.0';
		const { json, error } = await run({
			resource: 'device', operation: 'rename', deviceId: rl('name', 'Cam (north) 1.0'), name: 'Cam north', description: 'Gate camera',
		});
		expect(error).toBeUndefined();
		expect(requests('GetDevice').map((r) => r.body)).toEqual([{ Name: '^Cam \\(north\\) 1\\.0$' }]);
		expect(requests('rename').map((r) => r.body)).toEqual([{ UnitId: unitId(5), Name: 'Cam north', Description: 'Gate camera' }]);
		expect(json[0]).toEqual({ success: true, UnitId: unitId(5), Name: 'Cam north', Description: 'Gate camera' });
	});

	test('a plain string (expression or AI tool) is taken as the UnitId', async () => {
		const { json } = await run({ resource: 'device', operation: 'rename', deviceId: unitId(6), name: 'Plain' });
		expect(json[0].UnitId).toBe(unitId(6));
	});

	test('an unknown name fails clearly and renames nothing', async () => {
		const { error } = await run({ resource: 'device', operation: 'rename', deviceId: rl('name', 'No such pi'), name: 'x' });
		expect(error.message).toMatch(/^No device is named "No such pi"; devices are named like "Raspberry pi 00001" \(UnitId 0000000088880000\)/);
		expect(error.description).toMatch(/exactly that name/);
		expect(error.httpCode).toBe('none');
		expect(requests('rename')).toHaveLength(0);
	});

	test('an unknown name is still said clearly when the device list for the examples fails', async () => {
		ctx.sandbox.control.injectFaults({ path: 'device', status: 500 });
		const { error } = await run({ resource: 'device', operation: 'rename', deviceId: rl('name', 'No such pi'), name: 'x' });
		expect(error.message).toBe('No device is named "No such pi". Give a UnitId or an exact, case-sensitive device name');
		expect(requests('rename')).toHaveLength(0);
	});

	test('several devices with that name is an error that lists them', async () => {
		ctx.sandbox.fleet.getDevice(unitId(7)).Name = 'Twin';
		ctx.sandbox.fleet.getDevice(unitId(8)).Name = 'Twin';
		const { error } = await run({ resource: 'device', operation: 'rename', deviceId: rl('name', 'Twin'), name: 'x' });
		expect(error.message).toBe(`2 devices are named "Twin": give the UnitId of the one you mean (${unitId(7)}, ${unitId(8)})`);
		expect(error.description).toContain(unitId(7));
		expect(requests('rename')).toHaveLength(0);
	});

	test.each([
		[rl('id', '={{ "" }}'), /^The parameter "Device" is empty: give a device's UnitId/],
		[rl('list', '={{ $json.missing }}'), /^The parameter "Device" is empty: give a device's UnitId/],
		[rl('name', '={{ " " }}'), /^The parameter "Device" is empty: give a device's UnitId/],
		['={{ 42.5 }}', /not a valid device ID/],
	])('refuses device %p before any request', async (deviceId, message) => {
		const { error } = await run({ resource: 'device', operation: 'rename', deviceId, name: 'x' });
		expectInputError(error, message);
	});

	test.each([
		[rl('id', '={{ "not an id!" }}')],
		['={{ "not an id!" }}'],
	])('a device %p not shaped like a UnitId is looked up as an exact name, and refused with examples', async (deviceId) => {
		const { error } = await run({ resource: 'device', operation: 'rename', deviceId, name: 'x' });
		expect(error.message).toMatch(/^No device is named "not an id!"; devices are named like "Raspberry pi 00001" \(UnitId 0000000088880000\).*Give a UnitId or an exact, case-sensitive device name$/);
		expect(requests('GetDevice').map((r) => r.body)).toEqual([{ Name: '^not an id!$' }]);
		expect(requests('rename')).toHaveLength(0);
	});

	test('a device name given where a UnitId is expected (expression, AI tool) is resolved', async () => {
		const { json, error } = await run({ resource: 'device', operation: 'rename', deviceId: '={{ "Raspberry pi 00010" }}', name: 'Renamed by name' });
		expect(error).toBeUndefined();
		expect(json[0]).toEqual({ success: true, UnitId: unitId(9), Name: 'Renamed by name' });
	});

	test('a malformed literal ID is refused by n8n itself, with our validation message', async () => {
		const { error } = await run({ resource: 'device', operation: 'rename', deviceId: rl('id', 'not an id!'), name: 'x' });
		expect(error.message).toMatch(/has issues:\n- Not a valid UnitId/);
		expect(allRequests()).toHaveLength(0);
	});

	test('a literally empty device is refused by n8n itself before the run', async () => {
		const { error } = await run({ resource: 'device', operation: 'rename', deviceId: rl('list', ''), name: 'x' });
		expect(error.message).toMatch(/has issues/);
		expect(allRequests()).toHaveLength(0);
	});

	test('an empty new name is refused before any request', async () => {
		const { error } = await run({ resource: 'device', operation: 'rename', deviceId: rl('id', unitId(1)), name: '  ' });
		expectInputError(error, /^The parameter "New Name" is empty\. Enter the new name of the device\.$/);
	});

	test('an unknown device ID becomes a 404 NodeApiError naming it', async () => {
		const { error } = await run({ resource: 'device', operation: 'rename', deviceId: rl('id', '0000000011111111'), name: 'x' });
		expect(error.name).toBe('NodeApiError');
		expect(error.httpCode).toBe('404');
		expect(error.message).toMatch(/^RemoteIoT could not find device 0000000011111111 /);
	});
});

describe('device.getStatus', () => {
	test('one request for all IDs of an item, one output item per device', async () => {
		const { json, items } = await run({
			resource: 'device', operation: 'getStatus', deviceIds: `${unitId(1)}, ${unitId(3)} ,${unitId(1)}`,
		});
		expect(requests('status').map((r) => r.body)).toEqual([[{ UnitId: unitId(1) }, { UnitId: unitId(3) }]]);
		expect(json).toEqual([
			{ UnitId: unitId(1), LastOnlineTime: expect.any(String), Status: 'Online' },
			{ UnitId: unitId(3), LastOnlineTime: expect.any(String), Status: 'Offline' },
		]);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
	});

	test('an expression may give an array of IDs', async () => {
		const { json } = await run({
			resource: 'device', operation: 'getStatus', deviceIds: `={{ ["${unitId(2)}", "${unitId(9)}"] }}`,
		});
		expect(json.map((d) => d.UnitId)).toEqual([unitId(2), unitId(9)]);
	});

	test('empty Device IDs: one device list, then the status of the whole fleet', async () => {
		const { json } = await run({ resource: 'device', operation: 'getStatus', deviceIds: '' });
		expect(requests('device').map((r) => r.body)).toEqual([{ Group: '' }]);
		expect(requests('status')).toHaveLength(1);
		expect(json).toHaveLength(ctx.sandbox.fleet.listDevices().length);
	});

	test('the group option limits the fleet', async () => {
		const { json } = await run({ resource: 'device', operation: 'getStatus', deviceIds: '', options: { group: 'Group03' } });
		expect(requests('device').map((r) => r.body)).toEqual([{ Group: 'Group03' }]);
		expect(json.map((d) => d.UnitId)).toEqual([unitId(2), unitId(12), unitId(22)]);
	});

	test('an unknown device is an error naming it', async () => {
		const { error } = await run({ resource: 'device', operation: 'getStatus', deviceIds: `${unitId(1)},0000000011111111` });
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toContain('0000000011111111');
	});

	test('a malformed ID in the list is refused before any request', async () => {
		const { error } = await run({ resource: 'device', operation: 'getStatus', deviceIds: `${unitId(1)}, bad id` });
		expectInputError(error, /^"bad id" is not a valid device ID in "Device IDs": a UnitId is a short code/);
	});
});

describe('device.getStatus on a large fleet', () => {
	const big = useSandbox({ devices: 2500 });
	test('2,500 devices take one device list and three status requests of at most 1000', async () => {
		const { json } = await runNode({ sandbox: big.api, parameters: { resource: 'device', operation: 'getStatus', deviceIds: '' } });
		const sizes = big.sandbox.control.requestsTo('status').map((r) => r.body.length).sort((a, b) => b - a);
		expect(sizes).toEqual([1000, 1000, 500]);
		expect(big.sandbox.control.requestsTo('device')).toHaveLength(1);
		expect(json).toHaveLength(2500);
		expect(new Set(json.map((d) => d.UnitId)).size).toBe(2500);
	});
});

describe('device.changeGroup and device.delete', () => {
	test('changeGroup sends UnitId and Group and moves the device', async () => {
		const { json } = await run({ resource: 'device', operation: 'changeGroup', deviceId: rl('list', unitId(10)), group: 'Cellar' });
		expect(requests('ChangeGroup').map((r) => r.body)).toEqual([{ UnitId: unitId(10), Group: 'Cellar' }]);
		expect(json).toEqual([{ success: true, UnitId: unitId(10), Group: 'Cellar' }]);
		expect(ctx.sandbox.fleet.getDevice(unitId(10)).Group).toBe('Cellar');
	});

	test('changeGroup refuses an empty group before any request', async () => {
		const { error } = await run({ resource: 'device', operation: 'changeGroup', deviceId: rl('id', unitId(10)), group: '={{ "" }}' });
		expectInputError(error, /^The parameter "Group" is empty\. Give the name of the group to move the device to \(case-sensitive\)\.$/);
	});

	test('delete removes the device', async () => {
		const id = ctx.sandbox.fleet.addDevice({ Name: 'Doomed' }).UnitId;
		const { json } = await run({ resource: 'device', operation: 'delete', deviceId: rl('id', id) });
		expect(requests('DeleteDevice').map((r) => r.body)).toEqual([{ UnitId: id }]);
		expect(json).toEqual([{ success: true, UnitId: id }]);
		expect(ctx.sandbox.fleet.getDevice(id)).toBeFalsy();
	});
});

describe('errors and retries', () => {
	test('a wrong token says what RemoteIoT answered and never shows the token', async () => {
		const { error } = await run({ resource: 'device', operation: 'getAll', returnAll: true }, { credentials: { accessToken: 'wrong-token-123' } });
		expect(error.name).toBe('NodeApiError');
		expect(error.httpCode).toBe('401');
		expect(error.message).toBe('RemoteIoT did not accept the access token');
		expect(error.description).toMatch(/Business or Enterprise/);
		expect(JSON.stringify({ m: error.message, d: error.description })).not.toContain('wrong-token-123');
	});

	test('403 then success: retried after a back-off', async () => {
		ctx.sandbox.control.injectFaults({ status: 403, path: 'device' });
		const { json, error } = await run({ resource: 'device', operation: 'getAll', limit: 1 });
		expect(error).toBeUndefined();
		expect(json).toHaveLength(1);
		expect(requests('device').map((r) => r.status)).toEqual([403, 200]);
	});

	test('503 then success: retried', async () => {
		ctx.sandbox.control.injectFaults({ status: 503, path: 'ChangeGroup' });
		const { json } = await run({ resource: 'device', operation: 'changeGroup', deviceId: rl('id', unitId(11)), group: 'Group05' });
		expect(json[0].success).toBe(true);
		expect(requests('ChangeGroup').map((r) => r.status)).toEqual([503, 200]);
	});

	test('500 is not retried on an operation that changes state', async () => {
		ctx.sandbox.control.injectFaults({ status: 500, path: 'rename' });
		const { error } = await run({ resource: 'device', operation: 'rename', deviceId: rl('id', unitId(12)), name: 'x' });
		expect(error.httpCode).toBe('500');
		expect(error.message).toBe('RemoteIoT had an internal error');
		expect(requests('rename')).toHaveLength(1);
	});

	test('rate limited for good: fails after five attempts with a rate-limit message', async () => {
		ctx.sandbox.control.injectFaults({ status: 403, path: 'device', times: 10 });
		const { error } = await run({ resource: 'device', operation: 'getAll', limit: 1 });
		expect(error.httpCode).toBe('403');
		expect(error.message).toMatch(/rate limit/);
		expect(requests('device')).toHaveLength(5);
	}, 30000);

	test('a malformed JSON body is a clear error, not half-parsed items', async () => {
		ctx.sandbox.control.injectFaults({ malformed: true, path: 'device' });
		const { error } = await run({ resource: 'device', operation: 'getAll', returnAll: true });
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toMatch(/^RemoteIoT's answer to "device" is not usable: expected a JSON list of records, got a JSON body that is cut off or broken \(Base URL http:\/\/127\.0\.0\.1:\d+\/portal\/api\)$/);
	});

	test('an unreachable server is a NodeApiError naming the endpoint', async () => {
		const { error } = await run({ resource: 'device', operation: 'getAll', returnAll: true }, { credentials: { baseUrl: 'http://127.0.0.1:9/portal/api' } });
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toMatch(/Could not reach RemoteIoT|refused/i);
	});

	test('continue-on-fail: failed items become error items paired with their input', async () => {
		const { items, error } = await run(
			{ resource: 'device', operation: 'changeGroup', deviceId: '={{ $json.id }}', group: 'Group06' },
			{ continueOnFail: true, items: [{ json: { id: unitId(13) } }, { json: { id: '0000000011111111' } }, { json: { id: '' } }] },
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(3);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json).toEqual({ success: true, UnitId: unitId(13), Group: 'Group06' });
		expect(items[1].json.error).toMatch(/^RemoteIoT could not find device 0000000011111111 .*check the UnitId/);
		expect(items[2].json.error).toMatch(/^The parameter "Device" is empty: give a device's UnitId/);
		expect(Object.keys(items[1].json).sort()).toEqual(['details', 'error']);
		expect(requests('ChangeGroup')).toHaveLength(2);
	});

	test('1,000 input items never become more requests in flight than the credential allows', async () => {
		ctx.sandbox.control.injectFaults({ delayMs: 5, path: 'ChangeGroup', times: 1000 });
		const items = Array.from({ length: 1000 }, (_, i) => ({ json: { id: unitId(i % 30) } }));
		const { json, error } = await run(
			{ resource: 'device', operation: 'changeGroup', deviceId: '={{ $json.id }}', group: 'Group08' },
			{ items, credentials: { maxConcurrentRequests: 6 } },
		);
		expect(error).toBeUndefined();
		expect(json).toHaveLength(1000);
		expect(requests('ChangeGroup')).toHaveLength(1000);
		expect(ctx.sandbox.control.stats().maxInFlight).toBeLessThanOrEqual(6);
		expect(ctx.sandbox.control.stats().maxInFlight).toBeGreaterThan(1); // the items do run in parallel
	}, 180000);

	test('many items share one limiter: a rate-limited sandbox still serves all of them', async () => {
		ctx.sandbox.control.setRate(20);
		try {
			const items = Array.from({ length: 60 }, (_, i) => ({ json: { id: unitId(i % 30) } }));
			const { json, error } = await run(
				{ resource: 'device', operation: 'changeGroup', deviceId: '={{ $json.id }}', group: 'Group07' },
				{ items },
			);
			expect(error).toBeUndefined();
			expect(json).toHaveLength(60);
			expect(json.every((j) => j.success)).toBe(true);
		} finally {
			ctx.sandbox.control.setRate(null);
		}
	}, 120000);
});
