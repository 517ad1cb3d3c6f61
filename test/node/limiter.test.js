/**
 * The per-account limiter and the retries, in n8n-core's real engine against the sandbox: one limiter per
 * RemoteIoT account shared by executions, its bounds, forgetting idle accounts, the token never in a key,
 * log or error, and which failures are retried on which operations. No timed assertions: where time shows
 * (Retry-After, a shared pause) only lower bounds are checked, which a slow machine cannot break.
 */
const path = require('path');
const { runNode, loadPackage, PACKAGE_DIR } = require('../helpers/engine');
const { unitId, rl } = require('../helpers/sandbox');
const { createSandbox } = require('../../sandbox/server');

const shared = (name) => require(path.join(PACKAGE_DIR, 'dist', 'nodes', 'RemoteIot', 'shared', name));
let limiterModule;
let constants;

beforeAll(async () => {
	await loadPackage();
	limiterModule = shared('limiter.js');
	constants = shared('constants.js');
});

/** A fresh sandbox (a fresh account: its own base URL) for one test; stopped afterwards whatever happens. */
async function withSandbox(options, fn) {
	const sandbox = createSandbox({ devices: 30, ...options });
	const api = await sandbox.start();
	try {
		return await fn(sandbox, api);
	} finally {
		await sandbox.stop();
	}
}

const changeGroup = (group) => ({ resource: 'device', operation: 'changeGroup', deviceId: '={{ $json.id }}', group });
const itemsFor = (n, offset = 0) => Array.from({ length: n }, (_, i) => ({ json: { id: unitId((i + offset) % 30) } }));
/** The limiter keys of the sandbox's account (there is one: base URL + hash). */
const keysOf = (api) => [...limiterModule.knownLimiters().keys()].filter((k) => k.startsWith(`${api.baseUrl} `));

/** Resolves once `check()` is true, looking again after every turn of the event loop (no fixed sleeps). */
async function until(check) {
	while (!check()) await new Promise((resolve) => setImmediate(resolve));
}

describe('one limiter per account', () => {
	test('the key is the base URL and a hash of the token, never the token; one key for every execution', async () => {
		await withSandbox({}, async (sandbox, api) => {
			const runs = await Promise.all([
				runNode({ sandbox: api, parameters: changeGroup('Group01'), items: itemsFor(5) }),
				runNode({ sandbox: api, parameters: changeGroup('Group02'), items: itemsFor(5, 5) }),
				runNode({ sandbox: api, parameters: { resource: 'device', operation: 'getAll', returnAll: true } }),
			]);
			for (const r of runs) expect(r.error).toBeUndefined();
			const keys = keysOf(api);
			expect(keys).toHaveLength(1);
			expect(keys[0]).toMatch(new RegExp(`^${api.baseUrl.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} #[0-9a-f]{16}$`));
			// No piece of the token (of 8 characters or more) is in any key.
			const all = [...limiterModule.knownLimiters().keys()].join('\n');
			for (let k = 0; k + 8 <= api.token.length; k += 4) expect(all).not.toContain(api.token.slice(k, k + 8));
			// Another token on the same base URL is another account.
			expect(limiterModule.accountKey(api.baseUrl, 'other')).not.toBe(keys[0]);
			expect(limiterModule.accountKey(api.baseUrl, api.token)).toBe(keys[0]);
		});
	});

	test('two executions on one account pause together on a 403 (Retry-After honoured by both)', async () => {
		await withSandbox({}, async (sandbox, api) => {
			sandbox.control.injectFaults({ status: 403, path: 'ChangeGroup', retryAfter: 2 });
			const first = runNode({ sandbox: api, parameters: changeGroup('Group03'), items: [{ json: { id: unitId(1) } }] });
			// Start the second execution once the first one's request has been refused and the account paused.
			await until(() => sandbox.control.requestsTo('ChangeGroup').some((r) => r.status === 403));
			await until(() => keysOf(api).length === 1 && limiterModule.knownLimiters().get(keysOf(api)[0]).pausedUntil > Date.now());
			const second = runNode({ sandbox: api, parameters: changeGroup('Group04'), items: [{ json: { id: unitId(2) } }] });
			const [a, b] = await Promise.all([first, second]);
			expect(a.error).toBeUndefined();
			expect(b.error).toBeUndefined();
			const reqs = sandbox.control.requestsTo('ChangeGroup');
			expect(reqs.map((r) => [r.body.UnitId, r.status])).toEqual(
				expect.arrayContaining([[unitId(1), 403], [unitId(1), 200], [unitId(2), 200]]),
			);
			expect(reqs).toHaveLength(3);
			const refusedAt = reqs.find((r) => r.status === 403).at;
			// Neither execution sent anything before the account's pause (2 s from the refusal) was over:
			// the second one had never been refused itself.
			for (const r of reqs.filter((x) => x.status === 200)) expect(r.at - refusedAt).toBeGreaterThanOrEqual(1990);
		});
	}, 30000);
});

describe('bounds', () => {
	test("never more in flight than the credential's Max Concurrent Requests", async () => {
		await withSandbox({ latencyMs: 5 }, async (sandbox, api) => {
			const { json, error } = await runNode({
				sandbox: api,
				parameters: changeGroup('Group05'),
				items: itemsFor(300),
				credentials: { maxConcurrentRequests: 3 },
			});
			expect(error).toBeUndefined();
			expect(json).toHaveLength(300);
			expect(sandbox.control.stats().maxInFlight).toBeLessThanOrEqual(3);
			expect(sandbox.control.stats().maxInFlight).toBeGreaterThan(1);
		});
	}, 60000);

	test('1,000 items: never more than 64 in flight by default, and every item served', async () => {
		await withSandbox({ latencyMs: 2 }, async (sandbox, api) => {
			const { json, error } = await runNode({ sandbox: api, parameters: changeGroup('Group06'), items: itemsFor(1000) });
			expect(error).toBeUndefined();
			expect(json).toHaveLength(1000);
			expect(sandbox.control.requestsTo('ChangeGroup')).toHaveLength(1000);
			expect(sandbox.control.stats().maxInFlight).toBeLessThanOrEqual(constants.MAX_CONCURRENT_REQUESTS);
			const limiter = limiterModule.knownLimiters().get(keysOf(api)[0]);
			expect(limiter.peakActive).toBeLessThanOrEqual(64);
			expect(limiter.concurrency).toBeLessThanOrEqual(64);
		});
	}, 120000);

	test('the limit shrinks on refusals but never below 1, and grows back to at most the cap', async () => {
		const { AccountLimiter } = limiterModule;
		const limiter = new AccountLimiter();
		limiter.setCap(10);
		// Twenty refusals in a row, each from a fresh window (sent after the previous decrease).
		for (let k = 0; k < 20; k++) {
			const slot = await limiter.acquire();
			limiter.release({ ...slot, sentAt: Number.MAX_SAFE_INTEGER }, 'overloaded', 0);
			expect(limiter.concurrency).toBeGreaterThanOrEqual(1);
		}
		expect(limiter.concurrency).toBe(1);
		for (let k = 0; k < 2000; k++) {
			const slot = await limiter.acquire();
			limiter.release({ ...slot, windowFull: true }, 'answered');
			expect(limiter.concurrency).toBeLessThanOrEqual(10);
		}
		expect(limiter.concurrency).toBe(10);
		limiter.setCap(0);
		for (let k = 0; k < 20000; k++) {
			const slot = await limiter.acquire();
			limiter.release({ ...slot, windowFull: true }, 'answered');
		}
		expect(limiter.concurrency).toBe(64);
	});
});

describe('forgetting idle accounts', () => {
	test('an account idle for the idle time is forgotten; a busy one is kept; at most KEPT_LIMITERS', async () => {
		await withSandbox({}, async (sandbox, api) => {
			expect((await runNode({ sandbox: api, parameters: changeGroup('Group07'), items: itemsFor(3) })).error).toBeUndefined();
			expect(keysOf(api)).toHaveLength(1);
			// Just used: kept.
			limiterModule.forgetIdleLimiters(Date.now() + 1000);
			expect(keysOf(api)).toHaveLength(1);

			// Busy (a request in flight) at the moment of forgetting: kept, even "hours" later.
			sandbox.control.injectFaults({ delayMs: 300, path: 'ChangeGroup' });
			const running = runNode({ sandbox: api, parameters: changeGroup('Group08'), items: itemsFor(1) });
			await until(() => sandbox.control.requestsTo('ChangeGroup').length > 3);
			limiterModule.forgetIdleLimiters(Date.now() + 10 * constants.LIMITER_IDLE_MS);
			expect(keysOf(api)).toHaveLength(1);
			expect((await running).error).toBeUndefined();

			limiterModule.forgetIdleLimiters(Date.now() + constants.LIMITER_IDLE_MS);
			expect(keysOf(api)).toHaveLength(0);
			// The next execution simply starts a new limiter.
			expect((await runNode({ sandbox: api, parameters: changeGroup('Group09'), items: itemsFor(2) })).error).toBeUndefined();
			expect(keysOf(api)).toHaveLength(1);
		});
		for (let k = 0; k < constants.KEPT_LIMITERS * 2; k++) limiterModule.limiterFor(`http://example.invalid/${k} #0`);
		expect(limiterModule.knownLimiters().size).toBeLessThanOrEqual(constants.KEPT_LIMITERS);
		limiterModule.forgetIdleLimiters(Date.now() + constants.LIMITER_IDLE_MS);
		expect(limiterModule.knownLimiters().size).toBe(0);
	}, 30000);
});

describe('retries by class', () => {
	let sandbox;
	let api;
	beforeAll(async () => {
		sandbox = createSandbox({ devices: 30 });
		api = await sandbox.start();
	});
	afterAll(async () => {
		await sandbox?.stop();
	});
	beforeEach(() => {
		sandbox.control.clearRequests();
		sandbox.control.clearFaults();
	});
	const run = (parameters, extra = {}) => runNode({ sandbox: api, parameters, ...extra });
	const statuses = (endpoint) => sandbox.control.requestsTo(endpoint).map((r) => r.status);
	const getStatus = { resource: 'device', operation: 'getStatus', deviceIds: unitId(1), options: {} };
	const rename = { resource: 'device', operation: 'rename', deviceId: rl('id', unitId(2)), name: 'Renamed' };

	test('a 502 on Device → Get Status (read-only) is retried', async () => {
		sandbox.control.injectFaults({ status: 502, path: 'status' });
		const { json, error } = await run(getStatus);
		expect(error).toBeUndefined();
		expect(json[0].UnitId).toBe(unitId(1));
		expect(statuses('status')).toEqual([502, 200]);
	});

	test('a 504 on Device → Get Many (read-only) is retried', async () => {
		sandbox.control.injectFaults({ status: 504, path: 'device' });
		const { error } = await run({ resource: 'device', operation: 'getAll', limit: 2 });
		expect(error).toBeUndefined();
		expect(statuses('device')).toEqual([504, 200]);
	});

	test('a 502 on Device → Rename (changes state) is not retried, and the error names the gateway and the base URL', async () => {
		sandbox.control.injectFaults({ status: 502, path: 'rename' });
		const { error } = await run(rename);
		expect(statuses('rename')).toEqual([502]);
		expect(error.httpCode).toBe('502');
		expect(error.message).toContain('gateway');
		expect(error.message).toContain(api.baseUrl);
		expect(error.description).toMatch(/not retried/);
	});

	test('a connection reset is retried on a read and not on a change', async () => {
		sandbox.control.injectFaults({ reset: true, path: 'status' });
		expect((await run(getStatus)).error).toBeUndefined();
		expect(sandbox.control.requestsTo('status')).toHaveLength(2);
		sandbox.control.injectFaults({ reset: true, path: 'rename' });
		const { error } = await run(rename);
		expect(error).toBeDefined();
		expect(sandbox.control.requestsTo('rename')).toHaveLength(1);
	});

	test('a 500 is never retried, not even on a read', async () => {
		sandbox.control.injectFaults({ status: 500, path: 'status' });
		const { error } = await run(getStatus);
		expect(error.httpCode).toBe('500');
		expect(statuses('status')).toEqual([500]);
	});

	test('429 with Retry-After: retried no sooner than Retry-After, on an operation that changes state too', async () => {
		sandbox.control.injectFaults({ status: 429, path: 'rename', retryAfter: 1 });
		const { json, error } = await run(rename);
		expect(error).toBeUndefined();
		expect(json[0].success).toBe(true);
		const reqs = sandbox.control.requestsTo('rename');
		expect(reqs.map((r) => r.status)).toEqual([429, 200]);
		expect(reqs[1].at - reqs[0].at).toBeGreaterThanOrEqual(990);
	});

	test('429 for good: the error says rate limited', async () => {
		sandbox.control.injectFaults({ status: 429, path: 'status', retryAfter: 0, times: 10 });
		const { error } = await run(getStatus);
		expect(error.httpCode).toBe('429');
		expect(error.message).toMatch(/rate limited/);
		expect(statuses('status')).toHaveLength(constants.MAX_ATTEMPTS);
	}, 30000);
});

describe('the token never shows', () => {
	test('not in errors (403 for good, 502, reset), items or anything logged', async () => {
		const logged = [];
		const spies = ['log', 'info', 'warn', 'error', 'debug'].map((level) =>
			jest.spyOn(console, level).mockImplementation((...args) => logged.push(args.map(String).join(' '))),
		);
		try {
			await withSandbox({}, async (sandbox, api) => {
				sandbox.control.injectFaults([
					{ status: 403, path: 'status', times: 10 },
					{ status: 502, path: 'rename' },
					{ reset: true, path: 'ChangeGroup' },
				]);
				const results = await Promise.all([
					runNode({ sandbox: api, parameters: { resource: 'device', operation: 'getStatus', deviceIds: unitId(1), options: {} } }),
					runNode({ sandbox: api, parameters: { resource: 'device', operation: 'rename', deviceId: rl('id', unitId(2)), name: 'x' } }),
					runNode({ sandbox: api, parameters: changeGroup('Group10'), items: itemsFor(1) }),
				]);
				const errors = results.map((r) => r.error);
				expect(errors.every(Boolean)).toBe(true);
				const text = JSON.stringify(results.map((r) => ({ error: r.error, message: r.error?.message, description: r.error?.description, stack: r.error?.stack, items: r.items }))) +
					logged.join('\n') +
					[...limiterModule.knownLimiters().keys()].join('\n');
				expect(text).not.toContain(api.token);
				// Not even a piece of its signature.
				expect(text).not.toContain(api.token.split('.')[2].slice(0, 12));
			});
		} finally {
			for (const spy of spies) spy.mockRestore();
		}
	}, 60000);
});
