const { runNode } = require('../helpers/engine');
const { useSandbox, unitId, rl } = require('../helpers/sandbox');

const ctx = useSandbox({ devices: 5, speedTestDelayMs: 300 });
const run = (parameters, extra = {}) => runNode({ sandbox: ctx.api, parameters, ...extra });
const requests = (path) => ctx.sandbox.control.requestsTo(path);
const paths = () => ctx.sandbox.control.requests.map((r) => r.path);

const RESULT_KEYS = ['Submission Time', 'Ip', 'ISP', 'Ping', 'Upload', 'Download', 'Ip Location', 'Wireless Quality', 'Network RX errors', 'Network TX errors'];

beforeEach(() => ctx.sandbox.control.setDelays({ speedTestDelayMs: 300 }));

describe('speedTest.getResult', () => {
	test('outputs the latest result with the UnitId', async () => {
		const { items, error } = await run({ resource: 'speedTest', operation: 'getResult', deviceId: rl('id', unitId(1)) });
		expect(error).toBeUndefined();
		expect(requests('GetSpeedTestResult').map((r) => r.body)).toEqual([{ UnitId: unitId(1) }]);
		expect(items).toHaveLength(1);
		expect(Object.keys(items[0].json)).toEqual(['UnitId', ...RESULT_KEYS]);
		expect(items[0].json['Submission Time']).toBe('2024-01-01 00:00:00.0');
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});

	test('unknown device: 404', async () => {
		const { error } = await run({ resource: 'speedTest', operation: 'getResult', deviceId: '0000000099999999' });
		expect(error.httpCode).toBe('404');
	});
});

describe('speedTest.submit', () => {
	test('without waiting: only submits, outputs { success, UnitId }', async () => {
		const { items, error } = await run({ resource: 'speedTest', operation: 'submit', deviceId: rl('id', unitId(2)) });
		expect(error).toBeUndefined();
		expect(paths()).toEqual(['SubmitSpeedTest']);
		expect(requests('SubmitSpeedTest')[0].body).toEqual({ UnitId: unitId(2) });
		expect(items).toEqual([{ json: { success: true, UnitId: unitId(2) }, pairedItem: { item: 0 } }]);
	});

	test('waiting: reads the previous result, submits, polls until a newer result and outputs it', async () => {
		const started = Date.now();
		const { items, error } = await run({
			resource: 'speedTest',
			operation: 'submit',
			deviceId: rl('id', unitId(3)),
			options: { waitForResult: true, timeout: 10 },
		});
		expect(error).toBeUndefined();
		const seen = paths();
		expect(seen[0]).toBe('GetSpeedTestResult');
		expect(seen[1]).toBe('SubmitSpeedTest');
		expect(seen.slice(2).every((p) => p === 'GetSpeedTestResult')).toBe(true);
		expect(seen.length).toBeGreaterThanOrEqual(3);
		expect(items).toHaveLength(1);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(items[0].json.UnitId).toBe(unitId(3));
		expect(items[0].json['Submission Time'] > '2024-01-01 00:00:00.0').toBe(true);
		expect(Object.keys(items[0].json)).toEqual(['UnitId', ...RESULT_KEYS]);
		expect(Date.now() - started).toBeLessThan(8000);
	});

	test('waiting: no new result within the timeout is a clear error', async () => {
		ctx.sandbox.control.setDelays({ speedTestDelayMs: 60000 });
		const started = Date.now();
		const { error } = await run({
			resource: 'speedTest',
			operation: 'submit',
			deviceId: unitId(4),
			options: { waitForResult: true, timeout: 1 },
		});
		expect(error.message).toBe(`The speed test of device ${unitId(4)} gave no result within 1 seconds`);
		expect(error.description).toMatch('Get Result');
		expect(Date.now() - started).toBeLessThan(5000);
		expect(requests('SubmitSpeedTest')).toHaveLength(1);
	});

	test('unknown device: 404 before waiting', async () => {
		const { error } = await run({ resource: 'speedTest', operation: 'submit', deviceId: '0000000099999999', options: { waitForResult: true } });
		expect(error.httpCode).toBe('404');
	});
});
