/** Unit tests of pure helpers (the built ones in dist/, as the nodes use them). */
const { parseDeviceIds, checkUnitId, chunk, toUnitList } = require('../../dist/nodes/RemoteIot/shared/deviceIds');
const { checkRegex, escapeRegex } = require('../../dist/nodes/RemoteIot/shared/regex');
const { redact, readResponse, shownBaseUrl, ENDPOINT_ANSWERS } = require('../../dist/nodes/RemoteIot/shared/errors');
const { AccountLimiter } = require('../../dist/nodes/RemoteIot/shared/limiter');

const node = { id: '1', name: 'RemoteIoT', type: 'n8n-nodes-remoteiot.remoteIot', typeVersion: 1, position: [0, 0], parameters: {} };

describe('parseDeviceIds', () => {
	test.each([
		['', []],
		[undefined, []],
		['a1, b2 ,a1', ['a1', 'b2']],
		['a1\nb2;c3', ['a1', 'b2', 'c3']],
		[['a1', 'b2'], ['a1', 'b2']],
		[[{ UnitId: 'a1' }, { UnitId: 'b2' }], ['a1', 'b2']],
		['["a1","b2"]', ['a1', 'b2']],
		[1234, ['1234']],
		['a1,,b2,', ['a1', 'b2']],
	])('%p → %p', (input, expected) => {
		expect(parseDeviceIds(node, input)).toEqual(expected);
	});

	test.each([[{ a: 1 }], [true], ['ok, not ok'], [['a1', null]]])('refuses %p naming the parameter', (input) => {
		expect(() => parseDeviceIds(node, input, 'Device IDs')).toThrow(/Device IDs/);
	});

	test('checkUnitId trims and refuses empty values', () => {
		expect(checkUnitId(node, ' 0000000088880001 ', 'Device')).toBe('0000000088880001');
		expect(() => checkUnitId(node, '   ', 'Device')).toThrow('The parameter "Device" is empty');
		expect(() => checkUnitId(node, 'x'.repeat(65), 'Device')).toThrow(/not a valid device ID/);
	});

	test('chunk and toUnitList', () => {
		const ids = Array.from({ length: 2001 }, (_, i) => `id${i}`);
		expect(chunk(ids).map((c) => c.length)).toEqual([1000, 1000, 1]);
		expect(toUnitList(['a', 'b'])).toEqual([{ UnitId: 'a' }, { UnitId: 'b' }]);
	});
});

describe('regular expressions', () => {
	test.each(['^pi', '(?i)^pi$', 'a[)(]b', '\\(x', '[]a]', '[^]a]', 'a{2}', 'x}'])('accepts %p', (pattern) => {
		expect(checkRegex(node, pattern, 'Name')).toBe(pattern);
	});
	test.each(['(a', 'a)', '[a', 'a\\', '  '])('refuses %p', (pattern) => {
		expect(() => checkRegex(node, pattern, 'Name')).toThrow(/Name/);
	});
	test('escapeRegex makes an exact match', () => {
		const name = 'Cam (north) [1].*+?^$|\\';
		expect(new RegExp(`^${escapeRegex(name)}$`).test(name)).toBe(true);
	});
});

describe('responses and secrets', () => {
	test('redact hides bearer tokens and JWTs, and leaves ordinary words alone', () => {
		const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzYW5kYm94In0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
		expect(redact(`Authorization: Bearer ${jwt} failed`)).toBe('Authorization: Bearer [redacted] failed');
		expect(redact(`token=${jwt}`)).toBe('token=[redacted token]');
		expect(redact('Missing or invalid Bearer token')).toBe('Missing or invalid Bearer token');
	});
	test('readResponse returns data, and refuses error statuses and unreadable JSON', () => {
		expect(readResponse(node, { statusCode: 200, body: [{ a: 1 }], headers: {} })).toEqual([{ a: 1 }]);
		expect(readResponse(node, { statusCode: 200, body: '', headers: {} })).toBe('');
		expect(readResponse(node, { statusCode: 200, body: 'A,B\n1,2\n', headers: { 'content-type': 'text/csv' } })).toBe('A,B\n1,2\n');
		expect(() => readResponse(node, { statusCode: 200, body: '[{"a":', headers: { 'content-type': 'application/json' } })).toThrow(/could not be read/);
		expect(() => readResponse(node, { statusCode: 404, body: { message: 'x' }, headers: {} })).toThrow(/404/);
	});
	test('readResponse checks the answer against the endpoint declaration (ENDPOINT_ANSWERS)', () => {
		const ok = (endpoint, body, headers = {}) => readResponse(node, { statusCode: 200, body, headers }, { endpoint });
		expect(ok('device', [{ UnitId: 'a' }])).toEqual([{ UnitId: 'a' }]);
		expect(ok('connect', { Host: 'h', Port: 1 })).toEqual({ Host: 'h', Port: 1 });
		expect(ok('rename', '')).toBe('');
		expect(ok('NetworkIn', 'UnitId,Timestamp,Value\n', { 'content-type': 'text/csv' })).toBe('UnitId,Timestamp,Value\n');
		for (const [endpoint, body] of [['device', { a: 1 }], ['device', [null]], ['device', [[1]]], ['connect', [{}]], ['NetworkIn', { a: 1 }], ['rename', '<html></html>']]) {
			expect(() => ok(endpoint, body)).toThrow();
		}
		expect(ok('unknownEndpoint', { anything: true })).toEqual({ anything: true });
	});
	test('every endpoint of the node has its answer declared', () => {
		expect(Object.keys(ENDPOINT_ANSWERS)).toHaveLength(28);
	});
	test('shownBaseUrl drops user name and password', () => {
		expect(shownBaseUrl('https://user:secret@proxy.example/portal/api/')).toBe('https://proxy.example/portal/api');
		expect(shownBaseUrl(undefined)).toBe('(unknown)');
	});
});

describe('AccountLimiter', () => {
	test('never runs more than its cap at once, and hands slots over in order', async () => {
		const limiter = new AccountLimiter();
		limiter.setCap(3);
		let active = 0;
		let peak = 0;
		const order = [];
		await Promise.all(
			Array.from({ length: 12 }, async (_, i) => {
				const slot = await limiter.acquire();
				active++;
				peak = Math.max(peak, active);
				await new Promise((r) => setImmediate(r));
				order.push(i);
				active--;
				limiter.release(slot, 'answered');
			}),
		);
		expect(peak).toBe(3);
		expect(order).toHaveLength(12);
	});

	test('a pause holds every new request back', async () => {
		const limiter = new AccountLimiter();
		limiter.pause(120);
		const started = Date.now();
		const slot = await limiter.acquire();
		expect(Date.now() - started).toBeGreaterThanOrEqual(100);
		limiter.release(slot, 'answered');
	});
});
