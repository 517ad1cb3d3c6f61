'use strict';
const net = require('net');
const { startSandbox, sleep } = require('./helpers');
const { createSandbox } = require('../../sandbox/server');

let ctx;
beforeAll(async () => {
	ctx = await startSandbox({ devices: 20 });
});
afterAll(() => ctx.sandbox.stop());
afterEach(() => {
	ctx.sandbox.control.clearFaults();
	ctx.sandbox.control.setRandomFaults(null);
	ctx.sandbox.control.setRate(null);
	ctx.sandbox.control.setLatency(0);
});

const ID0 = '0000000088880000';
const MSG = {
	401: 'Unauthorized – Your API key is wrong.',
	403: 'Forbidden – Too many requests from the same client IP. Please refer API Rate Limits.',
	500: 'Internal Server Error – We had a problem with our server. Try again later.',
	503: 'Service Unavailable – We are temporarily offline for maintenance. Please try again later.',
};

describe('auth and routing', () => {
	test('default token looks like a JWT', () => {
		expect(ctx.token.split('.')).toHaveLength(3);
		expect(ctx.token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
		expect(JSON.parse(Buffer.from(ctx.token.split('.')[0], 'base64url'))).toMatchObject({ alg: 'HS256', typ: 'JWT' });
	});
	test('missing or wrong token → 401 with the reference message', async () => {
		for (const auth of [null, 'wrong']) {
			const r = await ctx.call('device', {}, { auth });
			expect(r.status).toBe(401);
			expect(r.json).toMatchObject({ status: 401, message: MSG[401] });
		}
	});
	test('custom token option', async () => {
		const s = createSandbox({ devices: 1, token: 'my-token' });
		const { baseUrl, token } = await s.start();
		expect(token).toBe('my-token');
		const res = await fetch(`${baseUrl}/device`, { method: 'POST', headers: { Authorization: 'Bearer my-token' }, body: '{}' });
		expect(res.status).toBe(200);
		await s.stop();
	});
	test('unknown endpoint, wrong case, GET → 404', async () => {
		expect((await ctx.call('Device', {})).status).toBe(404);
		expect((await ctx.call('nothing', {})).status).toBe(404);
		const res = await fetch(`${ctx.baseUrl}/device`, { headers: { Authorization: `Bearer ${ctx.token}` } });
		expect(res.status).toBe(404);
		await res.text();
	});
	test('malformed JSON → 400', async () => {
		const r = await ctx.call('device', undefined, { raw: '{"Group":' });
		expect(r.status).toBe(400);
		expect(r.json.message).toBe('Bad Request – Your request sucks.');
	});
});

describe('requests log and stats', () => {
	test('records every request with path, body and answered status', async () => {
		ctx.sandbox.control.clearRequests();
		await ctx.call('status', [{ UnitId: ID0 }]);
		await ctx.call('device', { Group: 'Group01' }, { auth: 'bad' });
		const reqs = ctx.sandbox.control.requests;
		expect(reqs).toHaveLength(2);
		expect(reqs[0]).toMatchObject({ method: 'POST', path: 'status', body: [{ UnitId: ID0 }], status: 200 });
		expect(reqs[0].headers.authorization).toBe(`Bearer ${ctx.token}`);
		expect(typeof reqs[0].at).toBe('number');
		expect(reqs[1]).toMatchObject({ path: 'device', status: 401 });
		expect(ctx.sandbox.control.requestsTo('status')).toHaveLength(1);
		expect(ctx.sandbox.control.stats()).toEqual({ total: 2, byPath: { status: 1, device: 1 }, byStatus: { 200: 1, 401: 1 }, maxInFlight: 1, firstAt: expect.any(Number), lastAt: expect.any(Number) });
		ctx.sandbox.control.clearRequests();
		expect(ctx.sandbox.control.requests).toHaveLength(0);
		expect(ctx.sandbox.control.stats().total).toBe(0);
	});
});

describe('faults', () => {
	test('status faults are consumed in order, with path and times', async () => {
		const c = ctx.sandbox.control;
		c.injectFaults([{ status: 503, path: 'status' }, { status: 500, times: 2 }]);
		let r = await ctx.call('device', {});
		expect(r.status).toBe(500);
		expect(r.json).toMatchObject({ status: 500, message: MSG[500] });
		r = await ctx.call('status', [{ UnitId: ID0 }]);
		expect(r.json).toMatchObject({ status: 503, message: MSG[503] });
		expect((await ctx.call('status', [{ UnitId: ID0 }])).status).toBe(500);
		expect((await ctx.call('status', [{ UnitId: ID0 }])).status).toBe(200);
		c.injectFaults({ status: 403 });
		expect((await ctx.call('ListChart')).json.message).toBe(MSG[403]);
		expect(c.requestsTo('ListChart').at(-1).status).toBe(403);
	});

	test('malformed JSON and CSV bodies', async () => {
		ctx.sandbox.control.injectFaults([{ malformed: true, path: 'status' }, { malformed: true, path: 'DeviceUptime' }]);
		const r = await ctx.call('status', [{ UnitId: ID0 }]);
		expect(r.status).toBe(200);
		expect(r.text).toBe('[{"UnitId":"00000000888');
		const csv = await ctx.call('DeviceUptime', { Unit: [{ UnitId: ID0 }], Hour: 1 });
		expect(csv.status).toBe(200);
		const lines = csv.text.split('\n').filter(Boolean);
		expect(lines[1].split(',')).toHaveLength(4);
		expect(lines[2]).toMatch(/"[^"]*$/);
	});

	test('delay and reset', async () => {
		ctx.sandbox.control.injectFaults({ delayMs: 150, path: 'ListChart' });
		const t0 = Date.now();
		const r = await ctx.call('ListChart');
		expect(r.status).toBe(200);
		expect(r.json).toHaveLength(3);
		expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
		ctx.sandbox.control.injectFaults({ reset: true });
		await expect(ctx.call('ListChart')).rejects.toThrow();
		expect((await ctx.call('ListChart')).status).toBe(200);
	});

	test('random faults are deterministic from the seed', async () => {
		const run = async () => {
			ctx.sandbox.control.setRandomFaults({ rate: 0.5, kinds: ['500', '503', 'malformed', 'slow'], seed: 42, slowMs: 5 });
			const out = [];
			for (let k = 0; k < 20; k++) {
				const r = await ctx.call('ListChart');
				out.push(r.status === 200 ? (r.json ? 'ok' : 'malformed') : r.status);
			}
			return out;
		};
		const a = await run();
		const b = await run();
		expect(a).toEqual(b);
		expect(a.filter((x) => x !== 'ok').length).toBeGreaterThan(2);
		expect(a).toContain('ok');
	});
});

describe('rate limit (requests per second per token)', () => {
	test('token bucket per access token → 403 with Retry-After, refilled over time', async () => {
		let now = 1_000_000;
		const s = await startSandbox({ devices: 1, rate: 1, burst: 3, clock: () => now });
		try {
			const codes = [];
			for (let k = 0; k < 4; k++) codes.push((await s.call('ListChart')).status);
			expect(codes).toEqual([200, 200, 200, 403]);
			const refused = await s.call('ListChart');
			expect(refused.status).toBe(403);
			expect(refused.json).toMatchObject({ status: 403, message: MSG[403] });
			expect(refused.headers.get('retry-after')).toBe('1');
			// A request with a wrong token is refused as unauthorised before the bucket: it takes no token.
			expect((await s.call('ListChart', undefined, { auth: 'someone-else' })).status).toBe(401);
			now += 1000;
			expect((await s.call('ListChart')).status).toBe(200);
			expect((await s.call('ListChart')).status).toBe(403);
			now += 2000;
			expect((await s.call('ListChart')).status).toBe(200);
			expect((await s.call('ListChart')).status).toBe(200);
			expect((await s.call('ListChart')).status).toBe(403);
			expect(s.sandbox.control.stats().byStatus).toEqual({ 200: 6, 403: 4, 401: 1 });
		} finally {
			await s.sandbox.stop();
		}
	});

	test('control API and setRate: on, off, burst defaults to the rate', async () => {
		let now = 5_000_000;
		const s = await startSandbox({ devices: 1, clock: () => now });
		try {
			expect((await s.control('POST', 'rate', { rate: 2 })).json).toMatchObject({ ok: true, rateLimit: { rate: 2, burst: 2 } });
			const codes = [];
			for (let k = 0; k < 3; k++) codes.push((await s.call('ListChart')).status);
			expect(codes).toEqual([200, 200, 403]);
			now += 500;
			expect((await s.call('ListChart')).status).toBe(200);
			await s.control('POST', 'rate', { rate: null });
			for (let k = 0; k < 5; k++) expect((await s.call('ListChart')).status).toBe(200);
			s.sandbox.control.setRate(1, 1);
			expect((await s.call('ListChart')).status).toBe(200);
			expect((await s.call('ListChart')).status).toBe(403);
			s.sandbox.control.setRate(null);
			expect((await s.call('ListChart')).status).toBe(200);
		} finally {
			await s.sandbox.stop();
		}
	});
});

describe('latency', () => {
	test('every API answer waits latencyMs ± jitterMs; control answers do not', async () => {
		const s = await startSandbox({ devices: 1, latencyMs: 120, jitterMs: 20 });
		try {
			const t0 = Date.now();
			const answers = await Promise.all([1, 2, 3, 4, 5].map(() => s.call('ListChart')));
			expect(answers.every((a) => a.status === 200)).toBe(true);
			// A lower bound only (a timer cannot fire early): never a performance assertion.
			expect(Date.now() - t0).toBeGreaterThanOrEqual(100);
			expect(s.sandbox.control.stats().maxInFlight).toBe(5);
			expect((await s.control('POST', 'latency', { latencyMs: 0, jitterMs: 0 })).json).toMatchObject({ ok: true, latencyMs: 0, jitterMs: 0 });
			await s.control('POST', 'latency', { latencyMs: 80 });
			const t1 = Date.now();
			expect((await s.call('ListChart')).status).toBe(200);
			expect(Date.now() - t1).toBeGreaterThanOrEqual(79);
			expect((await s.control('POST', 'latency', { latencyMs: -1 })).status).toBe(400);
		} finally {
			await s.sandbox.stop();
		}
	});

	test('an injected status can carry Retry-After', async () => {
		ctx.sandbox.control.injectFaults({ status: 429, path: 'ListChart', retryAfter: 2 });
		const r = await ctx.call('ListChart');
		expect(r.status).toBe(429);
		expect(r.headers.get('retry-after')).toBe('2');
	});
});

describe('HTTP control API', () => {
	test('status, log, faults, requests, reset-requests', async () => {
		expect((await ctx.control('POST', 'status', { UnitId: ID0, Status: 'Offline' })).status).toBe(200);
		expect((await ctx.call('status', [{ UnitId: ID0 }])).json[0].Status).toBe('Offline');
		await ctx.control('POST', 'status', { UnitId: ID0, Status: 'Online' });
		expect((await ctx.control('POST', 'status', { UnitId: 'nope', Status: 'Online' })).status).toBe(404);

		await ctx.control('POST', 'log', { UnitId: ID0, File: 'System error', Lines: ['a', 'b'] });
		expect((await ctx.call('log', { UnitId: ID0, File: 'System error' })).json).toEqual([{ Log: 'a\nb' }]);

		await ctx.control('POST', 'faults', { faults: [{ status: 503, path: 'device' }] });
		expect((await ctx.call('device', {})).status).toBe(503);

		await ctx.control('POST', 'reset-requests');
		await ctx.call('ListChart');
		const reqs = (await ctx.control('GET', 'requests')).json;
		expect(reqs.map((r) => [r.path, r.status])).toEqual([['ListChart', 200]]);
		expect((await ctx.control('GET', 'stats')).json).toEqual({ total: 1, byPath: { ListChart: 1 }, byStatus: { 200: 1 }, maxInFlight: 1, firstAt: expect.any(Number), lastAt: expect.any(Number) });
	});
	test('requires the token', async () => {
		const res = await fetch(`${ctx.baseUrl.replace('/portal/api', '')}/__sandbox/requests`);
		expect(res.status).toBe(401);
		await res.text();
	});
});

describe('lifecycle', () => {
	test('stop() closes idle keep-alive sockets and pending delayed responses promptly', async () => {
		const s = await startSandbox({ devices: 1 });
		// A raw keep-alive connection left open.
		const sock = net.connect(s.sandbox.port, '127.0.0.1');
		await new Promise((r) => sock.once('connect', r));
		sock.write(`POST /portal/api/ListChart HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${s.token}\r\nContent-Length: 0\r\n\r\n`);
		await new Promise((r) => sock.once('data', r));
		const closed = new Promise((r) => sock.once('close', r));
		s.sandbox.control.injectFaults({ delayMs: 60000 });
		const pending = s.call('ListChart').catch((e) => e);
		await sleep(50);
		// stop() ends the held connections itself: it does not wait for the 60 s delay (jest's timeout would).
		await s.sandbox.stop();
		await closed;
		expect(await pending).toHaveProperty('message'); // fetch rejected (cross-realm TypeError)
	});
	test('fixed port option and double start/stop are safe', async () => {
		const probe = createSandbox({ devices: 1 });
		const { baseUrl } = await probe.start();
		const port = Number(new URL(baseUrl).port);
		await probe.stop();
		const s = createSandbox({ devices: 1, port });
		expect((await s.start()).baseUrl).toBe(`http://127.0.0.1:${port}/portal/api`);
		expect((await s.start()).baseUrl).toBe(`http://127.0.0.1:${port}/portal/api`);
		await s.stop();
		await s.stop();
	});
});
