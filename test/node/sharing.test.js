// Work shared by the items of one execution, in the real engine: one job watcher (one listjob per
// round for every waiting item), one speed-test schedule, and look-ups done once per execution.
const { runNode } = require('../helpers/engine');
const { useSandbox, unitId, rl } = require('../helpers/sandbox');

const DEVICES = 100;
const ctx = useSandbox({ devices: DEVICES, jobDelayMs: 300, speedTestDelayMs: 300 });
const run = (parameters, extra = {}) => runNode({ sandbox: ctx.api, parameters, ...extra });
const requests = (path) => ctx.sandbox.control.requestsTo(path);

beforeEach(() => ctx.sandbox.control.setDelays({ jobDelayMs: 300, speedTestDelayMs: 300 }));

/** Resolves when the sandbox logs a request that `match` accepts (an event, not a sleep). */
function whenRequest(match) {
	const log = ctx.sandbox.control.requests;
	return new Promise((resolve) => {
		const push = log.push;
		log.push = function (...records) {
			const length = push.apply(this, records);
			if (records.some(match)) {
				log.push = push;
				resolve();
			}
			return length;
		};
	});
}

const waitingJob = (extra = {}) => ({
	resource: 'job',
	operation: 'create',
	deviceId: '={{ $json.id }}',
	jobName: '={{ $json.name }}',
	commandType: 'command',
	command: '={{ "echo " + $json.n }}',
	...extra,
	options: { waitForCompletion: true, timeout: 60, ...extra.options },
});

describe('job waits share one watcher per execution', () => {
	test('100 items on 100 devices: one listjob per round for all of them, each item gets its own job', async () => {
		ctx.sandbox.control.setDelays({ jobDelayMs: 2000 });
		const items = Array.from({ length: DEVICES }, (_, n) => ({ id: unitId(n), name: 'Batch', n }));
		const { json, error } = await run(waitingJob(), { items });
		expect(error).toBeUndefined();
		expect(json).toHaveLength(DEVICES);
		json.forEach((job, n) => {
			expect(job).toMatchObject({ Name: 'Batch', UnitId: unitId(n), Status: 'Executed', Command: `echo ${n}`, Result: `${n}\n` });
		});
		expect(requests('submitjob')).toHaveLength(DEVICES);
		const listjob = requests('listjob');
		// One "before" snapshot plus the rounds of ~2.5 s of waiting (0.5 s, 0.75 s, 1.125 s … apart);
		// while items are still submitting, rounds come every ~0.5 s. Item by item it would be at least 2 per item.
		expect(listjob.length).toBeLessThanOrEqual(20);
		// More than PER_DEVICE_MAX devices: every read lists the whole account.
		expect(listjob.every((r) => r.body.UnitId === '')).toBe(true);
		// The snapshot is read before the first submit.
		const firstSubmit = ctx.sandbox.control.requests.findIndex((r) => r.path === 'submitjob');
		expect(ctx.sandbox.control.requests.slice(0, firstSubmit).map((r) => r.path)).toEqual(['listjob']);
	});

	test('several items submitting the same job name to the same device each find their own job', async () => {
		// An older job of the same name and command must not be taken for a new one.
		ctx.sandbox.fleet.addJob({ Name: 'Same', UnitId: unitId(7), Status: 'Executed', SubmitTim: '2020-01-01 00:00:00.0', Command: 'echo a', Result: 'old\n' }, 0, 'old\n');
		const items = ['a', 'a', 'a', 'b', 'c'].map((n) => ({ id: unitId(7), name: 'Same', n }));
		const { json, error } = await run(waitingJob(), { items });
		expect(error).toBeUndefined();
		expect(json.map((job) => [job.Command, job.Status, job.Result])).toEqual(
			['a', 'a', 'a', 'b', 'c'].map((n) => [`echo ${n}`, 'Executed', `${n}\n`]),
		);
		// Every item found a job submitted after its snapshot (the three identical ones are counted, so
		// the old job with the same name and command is never one of them).
		expect(json.every((job) => job.SubmitTim !== '2020-01-01 00:00:00.0')).toBe(true);
		expect(ctx.sandbox.fleet.jobs.filter((j) => j.Name === 'Same' && j.UnitId === unitId(7))).toHaveLength(6);
		// One device waits: its jobs are read per device.
		expect(requests('listjob').every((r) => r.body.UnitId === unitId(7))).toBe(true);
	});

	test('each item keeps its own timeout and its own error; an item whose submit failed never waits', async () => {
		ctx.sandbox.control.setDelays({ jobDelayMs: 2500 });
		ctx.sandbox.control.injectFaults({ path: 'submitjob', status: 500 });
		const items = [
			{ id: unitId(20), name: 'Fails', n: 0, t: 30 },
			{ id: unitId(21), name: 'Short', n: 1, t: 1 },
			{ id: unitId(22), name: 'Long', n: 2, t: 30 },
		];
		const { items: out, error } = await run(waitingJob({ options: { timeout: '={{ $json.t }}' } }), { items, continueOnFail: true });
		expect(error).toBeUndefined();
		expect(out).toHaveLength(3);
		// The first submit was answered 500: that item fails with it (a 500 is never sent twice) and is not waited for.
		expect(out[0].json.error).toMatch(/internal error/i);
		expect(out[0].json.error).not.toMatch('did not finish');
		expect(requests('submitjob')).toHaveLength(3);
		expect(out[1].json).toEqual({
			error: `The job "Short" on device ${unitId(21)} did not finish within 1 seconds`,
			details: expect.stringContaining('Its last status was "Pending"'),
		});
		expect(out[2].json).toMatchObject({ Name: 'Long', UnitId: unitId(22), Status: 'Executed', Result: '2\n' });
		expect(out.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	test('Stop: n8n 2.41 gives declarative nodes no cancel signal, so every wait ends at its Timeout at the latest', async () => {
		// n8n-core 2.41 runs declarative nodes through executeDeclarativeNodeInTest, which builds the
		// node's context without the execution's AbortSignal: getExecutionCancelSignal() is undefined and
		// Stop cannot reach the node. The watcher ends every wait on the signal when there is one (see
		// test/unit/watcher.test.js); here the waits end at their Timeout, and polling stops with them.
		ctx.sandbox.control.setDelays({ jobDelayMs: 600000 });
		const items = Array.from({ length: 5 }, (_, n) => ({ id: unitId(30 + n), name: 'Forever', n }));
		let running;
		const polled = whenRequest((r) => r.path === 'listjob' && requests('submitjob').length === 5);
		const result = run(waitingJob({ options: { timeout: 2 } }), { items, onExecution: (r) => (running = r), continueOnFail: true });
		await polled;
		running.cancel();
		const { items: out } = await result;
		expect(out).toHaveLength(5);
		for (const item of out) expect(item.json.error).toMatch(/did not finish within 2 seconds|cancelled/);
		const sent = requests('listjob').length;
		// Nothing keeps polling once the waits are over: the next execution's listjob is the only new one.
		await run({ resource: 'job', operation: 'getAll', deviceId: rl('id', unitId(40)), returnAll: true });
		expect(requests('listjob')).toHaveLength(sent + 1);
	});
});

describe('speed-test waits share one schedule per execution', () => {
	test('10 items on 2 devices: one GetSpeedTestResult per device per round', async () => {
		ctx.sandbox.control.setDelays({ speedTestDelayMs: 1000 });
		const items = Array.from({ length: 10 }, (_, n) => ({ id: unitId(50 + (n % 2)) }));
		const { json, error } = await run(
			{ resource: 'speedTest', operation: 'submit', deviceId: '={{ $json.id }}', options: { waitForResult: true, timeout: 30 } },
			{ items },
		);
		expect(error).toBeUndefined();
		expect(json).toHaveLength(10);
		json.forEach((result, n) => {
			expect(result.UnitId).toBe(unitId(50 + (n % 2)));
			expect(result['Submission Time'] > '2024-01-01 00:00:00.0').toBe(true);
		});
		expect(requests('SubmitSpeedTest')).toHaveLength(10);
		const reads = requests('GetSpeedTestResult');
		// Per device: the "previous" reads of items asking at the same time are one request, and each
		// round reads each device once for all its items; item by item it would be 10 previous reads
		// plus 10 per round (at least 15 per device).
		const perDevice = [50, 51].map((i) => reads.filter((r) => r.body.UnitId === unitId(i)).length);
		expect(perDevice[0] + perDevice[1]).toBe(reads.length);
		expect(Math.max(...perDevice)).toBeLessThanOrEqual(6);
	});
});

describe('look-ups once per execution', () => {
	const hundred = Array.from({ length: 100 }, (_, n) => ({ n }));

	test('100 items picking the same device by name: one GetDevice; two executions: one each', async () => {
		const parameters = { resource: 'job', operation: 'create', deviceId: rl('name', 'Raspberry pi 00003'), jobName: 'J', commandType: 'command', command: 'ls' };
		const first = await run(parameters, { items: hundred });
		expect(first.error).toBeUndefined();
		expect(first.json).toHaveLength(100);
		expect(requests('GetDevice')).toHaveLength(1);
		expect(requests('submitjob').every((r) => r.body.UnitId === unitId(2))).toBe(true);
		const second = await run(parameters, { items: hundred });
		expect(second.error).toBeUndefined();
		expect(requests('GetDevice')).toHaveLength(2);
	});

	test('100 items picking a chart by name or from the list: one ListChart per execution', async () => {
		for (const mode of ['name', 'list']) {
			const { json, error } = await run(
				{ resource: 'chart', operation: 'getHistory', chartId: rl(mode, 'Memory Usage'), deviceId: unitId(1), hours: 1 },
				{ items: hundred },
			);
			expect(error).toBeUndefined();
			expect(json.length).toBeGreaterThanOrEqual(100);
		}
		expect(requests('ListChart')).toHaveLength(2);
		expect(requests('ChartHistory')).toHaveLength(200);
	});

	test('100 items of a whole-fleet operation: one device list per group per execution', async () => {
		const { error } = await run({ resource: 'device', operation: 'getStatus', deviceIds: '' }, { items: hundred.slice(0, 10) });
		expect(error).toBeUndefined();
		expect(requests('device')).toHaveLength(1);
		ctx.sandbox.control.clearRequests();
		const grouped = await run(
			{ resource: 'device', operation: 'getStatus', deviceIds: '', options: { group: '={{ $json.n % 2 ? "Group03" : "Group01" }}' } },
			{ items: hundred },
		);
		expect(grouped.error).toBeUndefined();
		expect(requests('device').map((r) => r.body.Group).sort()).toEqual(['Group01', 'Group03']);
	});

	test('a failed look-up is not kept: the next execution asks again and succeeds', async () => {
		ctx.sandbox.control.injectFaults({ path: 'GetDevice', status: 500 });
		const parameters = { resource: 'job', operation: 'create', deviceId: rl('name', 'Raspberry pi 00004'), jobName: 'J', commandType: 'command', command: 'ls' };
		const failed = await run(parameters, { items: hundred.slice(0, 10), continueOnFail: true });
		expect(failed.json.every((item) => typeof item.error === 'string')).toBe(true);
		expect(requests('GetDevice')).toHaveLength(1);
		expect(requests('submitjob')).toHaveLength(0);
		const ok = await run(parameters, { items: hundred.slice(0, 10) });
		expect(ok.error).toBeUndefined();
		expect(requests('GetDevice')).toHaveLength(2);
	});
});
