const { runNode } = require('../helpers/engine');
const { useSandbox, unitId, rl } = require('../helpers/sandbox');

const ctx = useSandbox({ devices: 1005 });
const run = (parameters, extra = {}) => runNode({ sandbox: ctx.api, parameters, ...extra });
const requests = (path) => ctx.sandbox.control.requestsTo(path);

describe('customField.get', () => {
	test('listed devices: one request with CustomField and a Unit array, one item per device', async () => {
		const { items, error } = await run({
			resource: 'customField',
			operation: 'get',
			customField: 'Custom001',
			deviceIds: `${unitId(1)}, ${unitId(2)}`,
		});
		expect(error).toBeUndefined();
		expect(requests('CustomField').map((r) => r.body)).toEqual([
			{ CustomField: 'Custom001', Unit: [{ UnitId: unitId(1) }, { UnitId: unitId(2) }] },
		]);
		expect(items).toEqual([
			{ json: { UnitId: unitId(1), Custom: 'value-1' }, pairedItem: { item: 0 } },
			{ json: { UnitId: unitId(2), Custom: 'value-2' }, pairedItem: { item: 0 } },
		]);
		expect(requests('device')).toHaveLength(0);
	});

	test('empty Device IDs: every device from one device list, 1000 per request', async () => {
		const { json, error } = await run({ resource: 'customField', operation: 'get', customField: 'Custom001', deviceIds: '' });
		expect(error).toBeUndefined();
		expect(requests('device').map((r) => r.body)).toEqual([{ Group: '' }]);
		const sizes = requests('CustomField').map((r) => r.body.Unit.length).sort((a, b) => b - a);
		expect(sizes).toEqual([1000, 5]);
		expect(json).toHaveLength(1005);
		expect(new Set(json.map((j) => j.UnitId)).size).toBe(1005);
	});

	test('an array of UnitIds from an expression works too', async () => {
		const { json } = await run(
			{ resource: 'customField', operation: 'get', customField: 'Custom001', deviceIds: '={{ $json.ids }}' },
			{ items: [{ json: { ids: [unitId(7)] } }] },
		);
		expect(json).toEqual([{ UnitId: unitId(7), Custom: 'value-7' }]);
	});

	test('a listed device RemoteIoT does not know is a 404 naming it', async () => {
		const { error } = await run({
			resource: 'customField',
			operation: 'get',
			customField: 'Custom001',
			deviceIds: `${unitId(1)},0000000099999999`,
		});
		expect(error.httpCode).toBe('404');
		expect(error.description).toMatch('0000000099999999');
	});
});

describe('customField.update', () => {
	test('sends CustomField, UnitId and Value, echoes them', async () => {
		const { items, error } = await run({
			resource: 'customField',
			operation: 'update',
			customField: 'Custom002',
			deviceId: rl('id', unitId(3)),
			value: 'blue',
		});
		expect(error).toBeUndefined();
		expect(requests('UpdateCustomField').map((r) => r.body)).toEqual([
			{ CustomField: 'Custom002', UnitId: unitId(3), Value: 'blue' },
		]);
		expect(items).toEqual([
			{ json: { success: true, UnitId: unitId(3), CustomField: 'Custom002', Value: 'blue' }, pairedItem: { item: 0 } },
		]);
		expect(ctx.sandbox.fleet.getCustomField(unitId(3), 'Custom002')).toBe('blue');
	});

	test('an empty value is sent as "" (clears the field)', async () => {
		await run({ resource: 'customField', operation: 'update', customField: 'Custom002', deviceId: unitId(3), value: '' });
		expect(requests('UpdateCustomField')[0].body).toEqual({ CustomField: 'Custom002', UnitId: unitId(3), Value: '' });
	});

	test('unknown device: 404; empty custom field refused before any request', async () => {
		const missing = await run({ resource: 'customField', operation: 'update', customField: 'C', deviceId: '0000000099999999', value: 'x' });
		expect(missing.error.httpCode).toBe('404');
		ctx.sandbox.control.clearRequests();
		const empty = await run({ resource: 'customField', operation: 'update', customField: ' ', deviceId: unitId(1), value: 'x' });
		expect(empty.error.message).toMatch('"Custom Field" is empty');
		expect(ctx.sandbox.control.requests).toHaveLength(0);
	});
});
