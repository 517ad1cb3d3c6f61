const { runNode } = require('../helpers/engine');
const { useSandbox, unitId, rl } = require('../helpers/sandbox');

const ctx = useSandbox({ devices: 6, jobDelayMs: 300 });
const run = (parameters, extra = {}) => runNode({ sandbox: ctx.api, parameters, ...extra });
const requests = (path) => ctx.sandbox.control.requestsTo(path);
const paths = () => ctx.sandbox.control.requests.map((r) => r.path);

beforeEach(() => ctx.sandbox.control.setDelays({ jobDelayMs: 300 }));

describe('job.create', () => {
	test('submits a command and outputs { success, UnitId, JobName, Command }', async () => {
		const { items, error } = await run({
			resource: 'job',
			operation: 'create',
			deviceId: rl('id', unitId(1)),
			jobName: 'List tmp',
			commandType: 'command',
			command: 'ls /tmp',
		});
		expect(error).toBeUndefined();
		expect(paths()).toEqual(['submitjob']);
		expect(requests('submitjob')[0].body).toEqual({ UnitId: unitId(1), JobName: 'List tmp', Command: 'ls /tmp' });
		expect(items).toEqual([
			{ json: { success: true, UnitId: unitId(1), JobName: 'List tmp', Command: 'ls /tmp' }, pairedItem: { item: 0 } },
		]);
	});

	test('a script job sends Script only', async () => {
		await run({ resource: 'job', operation: 'create', deviceId: unitId(1), jobName: 'S', commandType: 'script', script: 'test1.sh', command: 'ignored' });
		expect(requests('submitjob')[0].body).toEqual({ UnitId: unitId(1), JobName: 'S', Script: 'test1.sh' });
	});

	test('Execute Time is read in the workflow time zone and sent as YYYY-MM-DD HH:mm:ss GMT', async () => {
		const base = { resource: 'job', operation: 'create', deviceId: unitId(1), jobName: 'Later', commandType: 'command', command: 'ls' };
		await run({ ...base, options: { executeTime: '2030-12-01T10:00:00' } }, { timezone: 'Europe/Berlin' });
		await run({ ...base, options: { executeTime: '2030-06-01T10:00:00+02:00' } }, { timezone: 'America/New_York' });
		await run({ ...base, options: { executeTime: '={{ DateTime.fromISO("2030-01-02T03:04:05Z") }}' } }, { timezone: 'Asia/Tokyo' });
		expect(requests('submitjob').map((r) => r.body.ExecuteTime)).toEqual([
			'2030-12-01 09:00:00',
			'2030-06-01 08:00:00',
			'2030-01-02 03:04:05',
		]);
	});

	test('an invalid Execute Time is refused before any request', async () => {
		const { error } = await run({
			resource: 'job', operation: 'create', deviceId: unitId(1), jobName: 'J', commandType: 'command', command: 'ls',
			options: { executeTime: 'next tuesday' },
		});
		expect(error.message).toMatch('"Execute Time" is not a valid date');
		expect(ctx.sandbox.control.requests).toHaveLength(0);
	});

	test('Wait for Completion polls listjob and outputs the executed job with its Result', async () => {
		// An older job of the same name must not be taken for the new one.
		ctx.sandbox.fleet.addJob({ Name: 'Echo', UnitId: unitId(2), Status: 'Executed', SubmitTim: '2020-01-01 00:00:00.0', Command: 'echo old', Result: 'old\n' }, 0, 'old\n');
		const { items, error } = await run({
			resource: 'job',
			operation: 'create',
			deviceId: rl('name', 'Raspberry pi 00003'),
			jobName: 'Echo',
			commandType: 'command',
			command: 'echo hello',
			options: { waitForCompletion: true, timeout: 10 },
		});
		expect(error).toBeUndefined();
		const seen = paths().filter((p) => p !== 'GetDevice');
		expect(seen[0]).toBe('listjob');
		expect(seen[1]).toBe('submitjob');
		expect(seen.slice(2).every((p) => p === 'listjob')).toBe(true);
		expect(requests('listjob').every((r) => r.body.UnitId === unitId(2))).toBe(true);
		expect(items).toEqual([
			{
				json: {
					Name: 'Echo',
					UnitId: unitId(2),
					Status: 'Executed',
					SubmitTim: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.0$/),
					ExecuteTim: expect.any(String),
					Script: '',
					Command: 'echo hello',
					Result: 'hello\n',
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('Wait for Completion times out with an error naming the job and its last status', async () => {
		ctx.sandbox.control.setDelays({ jobDelayMs: 60000 });
		const started = Date.now();
		const { error } = await run({
			resource: 'job', operation: 'create', deviceId: unitId(3), jobName: 'Slow', commandType: 'command', command: 'sleep 60',
			options: { waitForCompletion: true, timeout: 1 },
		});
		expect(error.message).toBe(`The job "Slow" on device ${unitId(3)} did not finish within 1 seconds`);
		expect(error.description).toMatch('Its last status was "Pending"');
		expect(Date.now() - started).toBeLessThan(5000);
	});

	test('unknown device: 404; empty command refused before any request', async () => {
		const missing = await run({ resource: 'job', operation: 'create', deviceId: '0000000099999999', jobName: 'J', commandType: 'command', command: 'ls' });
		expect(missing.error.httpCode).toBe('404');
		ctx.sandbox.control.clearRequests();
		const empty = await run({ resource: 'job', operation: 'create', deviceId: unitId(1), jobName: 'J', commandType: 'command', command: ' ' });
		expect(empty.error.message).toMatch('"Command" is empty');
		expect(ctx.sandbox.control.requests).toHaveLength(0);
	});
});

describe('job.getAll and deleteAll', () => {
	beforeAll(() => {
		for (const i of [4, 4, 5]) {
			ctx.sandbox.fleet.addJob({ Name: `J${i}`, UnitId: unitId(i), Status: 'Executed', SubmitTim: '2026-01-01 00:00:00.0', Command: 'ls', Result: 'x' }, 0, 'x');
		}
	});

	test('getAll for one device sends its UnitId', async () => {
		const { items, error } = await run({ resource: 'job', operation: 'getAll', deviceId: rl('id', unitId(4)), returnAll: true });
		expect(error).toBeUndefined();
		expect(requests('listjob').map((r) => r.body)).toEqual([{ UnitId: unitId(4) }]);
		expect(items).toHaveLength(2);
		expect(items[0]).toEqual({
			json: { Name: 'J4', UnitId: unitId(4), Status: 'Executed', SubmitTim: '2026-01-01 00:00:00.0', ExecuteTim: '', Script: '', Command: 'ls', Result: 'x' },
			pairedItem: { item: 0 },
		});
	});

	test('getAll with an empty device lists every job (UnitId sent empty), with Limit', async () => {
		const all = await run({ resource: 'job', operation: 'getAll', deviceId: rl('list', ''), returnAll: true });
		expect(all.error).toBeUndefined();
		expect(requests('listjob')[0].body).toEqual({ UnitId: '' });
		expect(new Set(all.json.map((j) => j.UnitId)).size).toBeGreaterThan(1);
		const limited = await run({ resource: 'job', operation: 'getAll', limit: 1 });
		expect(limited.json).toHaveLength(1);
	});

	test('deleteAll deletes every job of the device only', async () => {
		const { items, error } = await run({ resource: 'job', operation: 'deleteAll', deviceId: rl('id', unitId(4)) });
		expect(error).toBeUndefined();
		expect(requests('DeleteJob').map((r) => r.body)).toEqual([{ UnitId: unitId(4) }]);
		expect(items).toEqual([{ json: { success: true, UnitId: unitId(4) }, pairedItem: { item: 0 } }]);
		expect(ctx.sandbox.fleet.jobs.some((j) => j.UnitId === unitId(4))).toBe(false);
		expect(ctx.sandbox.fleet.jobs.some((j) => j.UnitId === unitId(5))).toBe(true);
	});

	test('deleteAll of an unknown device is a 404', async () => {
		const { error } = await run({ resource: 'job', operation: 'deleteAll', deviceId: '0000000099999999' });
		expect(error.httpCode).toBe('404');
	});
});
