'use strict';
const { startSandbox, sleep, waitFor } = require('./helpers');

let ctx;
beforeAll(async () => {
	ctx = await startSandbox({ devices: 20, jobDelayMs: 150, speedTestDelayMs: 150 });
});
afterAll(() => ctx.sandbox.stop());

const ID0 = '0000000088880000';
const ID1 = '0000000088880001';
const SQL0 = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.0$/;

describe('submitjob / listjob / DeleteJob', () => {
	test('job progresses Pending → Executed after jobDelayMs', async () => {
		expect((await ctx.call('submitjob', { JobName: 'Echo', UnitId: ID0, ExecuteTime: '', Script: '', Command: 'echo hello world' })).status).toBe(200);
		let [job] = (await ctx.call('listjob', { UnitId: ID0 })).json;
		expect(Object.keys(job)).toEqual(['Name', 'UnitId', 'Status', 'SubmitTim', 'ExecuteTim', 'Script', 'Command', 'Result']);
		expect(job).toMatchObject({ Name: 'Echo', UnitId: ID0, Status: 'Pending', Script: '', Command: 'echo hello world', Result: '' });
		expect(job.SubmitTim).toMatch(SQL0);
		expect(job.ExecuteTim).toBe(job.SubmitTim);
		job = await waitFor(async () => (await ctx.call('listjob', { UnitId: ID0 })).json.find((j) => j.Status === 'Executed'));
		expect(job.Result).toBe('hello world\n');
	});

	test('results of ls, hostname, other commands and scripts', async () => {
		await ctx.call('submitjob', { JobName: 'ls', UnitId: ID1, Command: 'ls' });
		await ctx.call('submitjob', { JobName: 'host', UnitId: ID1, Command: 'hostname' });
		await ctx.call('submitjob', { JobName: 'other', UnitId: ID1, Command: 'uptime' });
		await ctx.call('submitjob', { JobName: 'script', UnitId: ID1, Script: 'test1.sh', Command: 'ignored' });
		await sleep(200);
		const jobs = (await ctx.call('listjob', { UnitId: ID1 })).json;
		const byName = Object.fromEntries(jobs.map((j) => [j.Name, j]));
		expect(jobs.every((j) => j.Status === 'Executed')).toBe(true);
		expect(byName.ls.Result).toContain('tmp\n');
		expect(byName.host.Result).toBe('Raspberry pi 00002');
		expect(byName.other.Result).toBe('ran: uptime');
		expect(byName.script).toMatchObject({ Script: 'test1.sh', Command: '', Result: 'ran script test1.sh' });
	});

	test('ExecuteTime in the future stays Pending; in the past runs after the delay', async () => {
		await ctx.call('submitjob', { JobName: 'later', UnitId: '0000000088880002', ExecuteTime: '2099-01-01 00:00:00', Command: 'ls' });
		await ctx.call('submitjob', { JobName: 'past', UnitId: '0000000088880002', ExecuteTime: '2017-05-19 00:00:00', Command: 'ls' });
		await sleep(200);
		const jobs = (await ctx.call('listjob', { UnitId: '0000000088880002' })).json;
		expect(jobs.find((j) => j.Name === 'later')).toMatchObject({ Status: 'Pending', ExecuteTim: '2099-01-01 00:00:00.0' });
		expect(jobs.find((j) => j.Name === 'past')).toMatchObject({ Status: 'Executed', ExecuteTim: '2017-05-19 00:00:00.0' });
	});

	test('validation', async () => {
		expect((await ctx.call('submitjob', { UnitId: ID0, Command: 'ls' })).status).toBe(400);
		expect((await ctx.call('submitjob', { JobName: 'x', UnitId: ID0 })).status).toBe(400);
		expect((await ctx.call('submitjob', { JobName: 'x', UnitId: ID0, Command: 'ls', ExecuteTime: '2024-01-01T00:00:00Z' })).status).toBe(400);
		expect((await ctx.call('submitjob', { JobName: 'x', UnitId: ID0, Command: 'ls', ExecuteTime: '2024-02-31 00:00:00' })).status).toBe(400);
		expect((await ctx.call('submitjob', { JobName: 'x', UnitId: 'nope', Command: 'ls' })).status).toBe(404);
	});

	test('listjob without UnitId returns every job; DeleteJob removes one device', async () => {
		const all = (await ctx.call('listjob', {})).json;
		expect(new Set(all.map((j) => j.UnitId))).toEqual(new Set([ID0, ID1, '0000000088880002']));
		expect((await ctx.call('listjob')).json).toHaveLength(all.length);
		expect((await ctx.call('DeleteJob', { UnitId: ID1 })).status).toBe(200);
		expect((await ctx.call('listjob', { UnitId: ID1 })).json).toEqual([]);
		expect((await ctx.call('listjob', { UnitId: '' })).json).toHaveLength(all.length - 4);
		expect(ctx.sandbox.fleet.jobs).toHaveLength(all.length - 4);
		expect((await ctx.call('DeleteJob', { UnitId: 'nope' })).status).toBe(404);
	});
});

describe('UpdateFile', () => {
	test('stores the file and adds a progressing job', async () => {
		const id = '0000000088880005';
		const r = await ctx.call('UpdateFile', { JobName: 'WriteConf', UnitId: id, ExecuteTime: '', Filename: '/tmp/test.sh', Content: 'ls\n' });
		expect(r.status).toBe(200);
		expect(ctx.sandbox.fleet.getFile(id, '/tmp/test.sh')).toBe('ls\n');
		let [job] = (await ctx.call('listjob', { UnitId: id })).json;
		expect(job).toMatchObject({ Name: 'WriteConf', Status: 'Pending', Script: '', Command: '' });
		await sleep(200);
		[job] = (await ctx.call('listjob', { UnitId: id })).json;
		expect(job.Status).toBe('Executed');
		expect((await ctx.call('UpdateFile', { JobName: 'x', UnitId: 'nope', Filename: '/a', Content: '' })).status).toBe(404);
		expect((await ctx.call('UpdateFile', { JobName: 'x', UnitId: id, Content: '' })).status).toBe(400);
		expect((await ctx.call('UpdateFile', { UnitId: id, Filename: '/a', Content: '' })).status).toBe(400);
	});
});

describe('speed tests', () => {
	const KEYS = ['Submission Time', 'Ip', 'ISP', 'Ping', 'Upload', 'Download', 'Ip Location', 'Wireless Quality', 'Network RX errors', 'Network TX errors'];

	test('seeded old result, then a newer one after speedTestDelayMs', async () => {
		const id = '0000000088880007';
		const old = (await ctx.call('GetSpeedTestResult', { UnitId: id })).json;
		expect(Object.keys(old)).toEqual(KEYS);
		expect(old['Submission Time']).toBe('2024-01-01 00:00:00.0');
		expect(old.Ip).toBe(ctx.sandbox.fleet.getDevice(id).External_ip);
		expect((await ctx.call('SubmitSpeedTest', { UnitId: id })).status).toBe(200);
		expect((await ctx.call('GetSpeedTestResult', { UnitId: id })).json['Submission Time']).toBe('2024-01-01 00:00:00.0');
		await sleep(200);
		const first = (await ctx.call('GetSpeedTestResult', { UnitId: id })).json;
		expect(first['Submission Time']).toMatch(SQL0);
		expect(first['Submission Time'] > old['Submission Time']).toBe(true);
		expect(first.Ping).toMatch(/^\d+\.\d{3} ms$/);
		expect(first.Download).toMatch(/ Mbit\/s$/);
		// Two submissions within one second still get strictly newer times.
		await ctx.call('SubmitSpeedTest', { UnitId: id });
		await sleep(200);
		const second = (await ctx.call('GetSpeedTestResult', { UnitId: id })).json;
		expect(second['Submission Time'] > first['Submission Time']).toBe(true);
	});

	test('unknown device → 404', async () => {
		expect((await ctx.call('SubmitSpeedTest', { UnitId: 'nope' })).status).toBe(404);
		expect((await ctx.call('GetSpeedTestResult', { UnitId: 'nope' })).status).toBe(404);
	});

	test('setDelays changes later submissions', async () => {
		ctx.sandbox.control.setDelays({ speedTestDelayMs: 0, jobDelayMs: 0 });
		await ctx.call('SubmitSpeedTest', { UnitId: ID0 });
		expect((await ctx.call('GetSpeedTestResult', { UnitId: ID0 })).json['Submission Time']).not.toBe('2024-01-01 00:00:00.0');
		await ctx.call('submitjob', { JobName: 'fast', UnitId: '0000000088880009', Command: 'echo hi' });
		expect((await ctx.call('listjob', { UnitId: '0000000088880009' })).json[0]).toMatchObject({ Status: 'Executed', Result: 'hi\n' });
	});
});
