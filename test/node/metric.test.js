const { runNode } = require('../helpers/engine');
const { useSandbox, unitId } = require('../helpers/sandbox');

const ctx = useSandbox({ devices: 1001 });
const run = (parameters, extra = {}) => runNode({ sandbox: ctx.api, parameters, ...extra });
const requests = (path) => ctx.sandbox.control.requestsTo(path);
const TIMESTAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;

describe.each([
	['getDeviceUptime', 'DeviceUptime'],
	['getNetworkUptime', 'NetworkUptime'],
	['getNetworkIn', 'NetworkIn'],
	['getNetworkOut', 'NetworkOut'],
])('metric.%s', (operation, endpoint) => {
	test(`sends Unit and Hour (a number) to ${endpoint}; one item per row`, async () => {
		const { items, error } = await run({ resource: 'metric', operation, deviceIds: `${unitId(1)}, ${unitId(2)}`, hours: 3 });
		expect(error).toBeUndefined();
		expect(requests(endpoint).map((r) => r.body)).toEqual([{ Hour: 3, Unit: [{ UnitId: unitId(1) }, { UnitId: unitId(2) }] }]);
		expect(items).toHaveLength(6);
		for (const item of items) {
			expect(Object.keys(item.json)).toEqual(['UnitId', 'Timestamp', 'Value']);
			expect(item.json.Timestamp).toMatch(TIMESTAMP);
			expect(typeof item.json.Value).toBe('number');
			expect(item.pairedItem).toEqual({ item: 0 });
		}
		expect(items.map((i) => i.json.UnitId)).toEqual([unitId(1), unitId(1), unitId(1), unitId(2), unitId(2), unitId(2)]);
	});
});

describe('metric batching, output and failures', () => {
	test('empty Device IDs: every device from one device list, split at 1000, merged', async () => {
		const { json, error } = await run({ resource: 'metric', operation: 'getDeviceUptime', deviceIds: '', hours: 1 });
		expect(error).toBeUndefined();
		expect(requests('device')).toHaveLength(1);
		expect(requests('DeviceUptime').map((r) => r.body.Unit.length).sort((a, b) => b - a)).toEqual([1000, 1]);
		expect(json).toHaveLength(1001);
		expect(json.at(-1).UnitId).toBe(unitId(1000));
	});

	test('CSV output of several batches has one header', async () => {
		const { items, error } = await run({ resource: 'metric', operation: 'getNetworkIn', deviceIds: '', hours: 1, options: { returnCsv: true } });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		const text = Buffer.from(items[0].binary.data.data, 'base64').toString();
		const lines = text.trimEnd().split('\n');
		expect(lines[0]).toBe('UnitId,Timestamp,Value');
		expect(lines.filter((l) => l.startsWith('UnitId')).length).toBe(1);
		expect(lines).toHaveLength(1002);
		expect(items[0].json).toEqual({ fileName: 'NetworkIn.csv', rows: 1001 });
	});

	test('Put Output File in Field names the binary field of the CSV file (default "data")', async () => {
		const { items, error } = await run({
			resource: 'metric', operation: 'getNetworkIn', deviceIds: unitId(1), hours: 1, options: { returnCsv: true, binaryPropertyName: 'uptimeCsv' },
		});
		expect(error).toBeUndefined();
		expect(Object.keys(items[0].binary)).toEqual(['uptimeCsv']);
		expect(items[0].binary.uptimeCsv).toMatchObject({ fileName: 'NetworkIn.csv', mimeType: 'text/csv' });
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});

	test('a header-only answer gives no items', async () => {
		const { items, error } = await run({ resource: 'metric', operation: 'getNetworkOut', deviceIds: '0000000099999999', hours: 1 });
		expect(error).toBeUndefined();
		expect(requests('NetworkOut')).toHaveLength(1);
		expect(items).toEqual([]);
	});

	test('Hours must be a positive whole number, checked before any request', async () => {
		const { error } = await run({ resource: 'metric', operation: 'getNetworkUptime', deviceIds: unitId(1), hours: 0 });
		expect(error.message).toBe('The parameter "Hours" must be a whole number from 1 to 8760');
		expect(ctx.sandbox.control.requests).toHaveLength(0);
	});

	test('a malformed CSV is a clear error, never half-parsed items (also with continue-on-fail)', async () => {
		ctx.sandbox.control.injectFaults({ path: 'NetworkIn', malformed: true });
		const { items } = await run({ resource: 'metric', operation: 'getNetworkIn', deviceIds: unitId(1), hours: 1 }, { continueOnFail: true });
		expect(items).toHaveLength(1);
		expect(items[0].json.error).toBe('RemoteIoT sent a CSV answer to "NetworkIn" that could not be read');
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});

	test('an invalid device ID is refused before any request', async () => {
		const { error } = await run({ resource: 'metric', operation: 'getDeviceUptime', deviceIds: 'not an id!', hours: 1 });
		expect(error.message).toMatch('is not a valid device ID');
		expect(ctx.sandbox.control.requests).toHaveLength(0);
	});
});
