/**
 * One answer check for every endpoint (ENDPOINT_ANSWERS in shared/errors.ts): a JSON list of objects, a
 * JSON object, CSV text, or an empty answer. Anything else (an HTML page with HTTP 200 from a wrong Base
 * URL or a captive portal, a wrong JSON type, null entries, a cut-off body) is an error that says what
 * came back and which Base URL was asked, before any item is made. Real engine, sandbox answering the
 * injected bodies.
 */
const { runNode } = require('../helpers/engine');
const { useSandbox, unitId, rl } = require('../helpers/sandbox');

const ctx = useSandbox({ devices: 6 });
const run = (parameters, options = {}) => runNode({ sandbox: ctx.api, parameters, ...options });
const answer = (path, body, contentType) => ctx.sandbox.control.injectFaults({ path, body, ...(contentType === undefined ? {} : { contentType }) });

const HTML = '<!DOCTYPE html>\n<html><head><title>Wi-Fi login</title></head><body>Please sign in</body></html>';
const baseUrl = () => ctx.api.baseUrl.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function expectUnusable(error, endpoint, expected, got) {
	expect(error).toBeDefined();
	expect(error.name).toBe('NodeApiError');
	expect(error.message).toMatch(
		new RegExp(`^RemoteIoT's answer to "${endpoint}" is not usable: expected ${expected}, got ${got} \\(Base URL ${baseUrl()}\\)$`),
	);
	expect(error.description).toMatch(/No items were made from it\. If the Base URL of the RemoteIoT API credential is wrong/);
}

const getAll = { resource: 'device', operation: 'getAll', returnAll: true };

describe('a JSON list (Device → Get Many)', () => {
	test.each([
		['an HTML page with HTTP 200', HTML, 'text/html; charset=utf-8', 'an HTML page'],
		['an HTML page sent as JSON', HTML, 'application/json', 'an HTML page'],
		['a JSON object where the list belongs', { message: 'ok' }, undefined, 'a JSON object'],
		['a list holding null', [{ UnitId: unitId(0), Name: 'a' }, null], undefined, 'a JSON list whose entry 2 is null'],
		['a list holding a number', [{ UnitId: unitId(0) }, 5], undefined, 'a JSON list whose entry 2 is a number'],
		['a cut-off body', '[{"UnitId":"0000000088880000","Na', 'application/json', 'a JSON body that is cut off or broken'],
		['an empty body', '', 'application/json', 'an empty body'],
		['plain text', 'OK', 'text/plain', 'text that is not JSON'],
	])('%s is an error, not items', async (_case, body, contentType, got) => {
		answer('device', body, contentType);
		const { error, items } = await run(getAll);
		expect(items).toEqual([]);
		expectUnusable(error, 'device', 'a JSON list of records', got);
	});

	test('the error quotes the start of what came back, redacted', async () => {
		answer('device', `<html><body>Session Bearer ${ctx.api.token} expired</body></html>`, 'text/html');
		const { error } = await run(getAll);
		expect(error.description).toMatch(/^It began: <html><body>Session Bearer \[redacted\] expired<\/body><\/html>\. /);
		expect(JSON.stringify({ message: error.message, description: error.description })).not.toContain(ctx.api.token);
	});

	test('with continue-on-fail: one error item for the input, no item made from the body', async () => {
		answer('device', { message: 'ok' });
		const { error, items } = await run(getAll, { continueOnFail: true });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(Object.keys(items[0].json).sort()).toEqual(['details', 'error']);
		expect(items[0].json.error).toMatch(/expected a JSON list of records, got a JSON object/);
	});

	test('a good answer still gives one item per record', async () => {
		const { error, items } = await run(getAll);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(6);
	});
});

describe('a JSON object (Connection → Create)', () => {
	test.each([
		['a JSON list', [], undefined, 'a JSON list'],
		['an HTML page', HTML, 'text/html', 'an HTML page'],
	])('%s where the object belongs is an error', async (_case, body, contentType, got) => {
		answer('connect', body, contentType);
		const { error, items } = await run({ resource: 'connection', operation: 'create', deviceId: rl('id', unitId(1)), localPort: 22 });
		expect(items).toEqual([]);
		expectUnusable(error, 'connect', 'a JSON object', got);
	});
});

describe('CSV text (Metric → Get Network In)', () => {
	const networkIn = { resource: 'metric', operation: 'getNetworkIn', deviceIds: unitId(1), hours: 2 };

	test.each([
		['a JSON object', { message: 'ok' }, undefined, 'a JSON object'],
		['a JSON list', [{ UnitId: unitId(1) }], undefined, 'a JSON list'],
		['an HTML page', HTML, 'text/html', 'an HTML page'],
		['an HTML page sent as CSV', HTML, 'text/csv', 'an HTML page'],
	])('%s where CSV belongs is an error', async (_case, body, contentType, got) => {
		answer('NetworkIn', body, contentType);
		const { error, items } = await run(networkIn);
		expect(items).toEqual([]);
		expectUnusable(error, 'NetworkIn', 'CSV text', got);
	});

	test('a good CSV answer still gives one item per row', async () => {
		const { error, items } = await run(networkIn);
		expect(error).toBeUndefined();
		expect(items.length).toBeGreaterThan(0);
	});
});

describe('an empty answer (Device → Rename)', () => {
	const rename = { resource: 'device', operation: 'rename', deviceId: rl('id', unitId(3)), name: 'Renamed' };

	test('an HTML page instead of the empty "HTTP 200" is an error, no success item', async () => {
		answer('rename', HTML, 'text/html');
		const { error, items } = await run(rename);
		expect(items).toEqual([]);
		expectUnusable(error, 'rename', 'an empty answer', 'an HTML page');
	});

	test('a short JSON acknowledgement is accepted (RemoteIoT documents only "HTTP 200")', async () => {
		answer('rename', { status: 'ok' });
		const { error, json } = await run(rename);
		expect(error).toBeUndefined();
		expect(json).toEqual([{ success: true, UnitId: unitId(3), Name: 'Renamed' }]);
	});
});

describe("our own helper requests use the same declaration (apiRequest)", () => {
	test('a device-name look-up answered with an HTML page is the same error, and nothing is renamed', async () => {
		answer('GetDevice', HTML, 'text/html');
		const { error } = await run({ resource: 'device', operation: 'rename', deviceId: rl('name', 'Raspberry pi 00005'), name: 'x' });
		expectUnusable(error, 'GetDevice', 'a JSON list of records', 'an HTML page');
		expect(ctx.sandbox.control.requestsTo('rename')).toHaveLength(0);
	});

	test('the device list behind an empty Device IDs answered with a JSON object is the same error', async () => {
		answer('device', { message: 'ok' });
		const { error } = await run({ resource: 'device', operation: 'getStatus', deviceIds: '' });
		expectUnusable(error, 'device', 'a JSON list of records', 'a JSON object');
		expect(ctx.sandbox.control.requestsTo('status')).toHaveLength(0);
	});
});
