'use strict';
// n8n-nodes-remoteiot inside a real n8n 2.x server: installed from its tarball as a community package, one
// workflow per resource run through n8n's REST API and checked against the sandbox's state, the examples
// imported and run, and the offline-alert example activated and fired by a device going offline.
const fs = require('fs');
const path = require('path');
const { PACKAGE_NAME, NODE_TYPES, installedPackageNames, readExamples, n8nVersion } = require('../../scripts/n8n-server');
const { startE2eStack, unitId, byId, byName, remoteIot, node, runChain, setNode, sleep, until } = require('./helpers');

const TRIGGER_DEVICE = unitId(9); // "Raspberry pi 00010", Online in the seeded fleet, used by no other test
let stack;
let fleet;
const timings = {};

beforeAll(async () => {
	const t = Date.now();
	stack = await startE2eStack({ devices: 50, examples: true, sandbox: { jobDelayMs: 1500, speedTestDelayMs: 1500 } });
	fleet = stack.sandbox.fleet;
	timings.stackMs = Date.now() - t;
	timings.n8nReadyMs = stack.server.readyMs;
}, 240000);

afterAll(async () => {
	if (stack) await stack.stop();
	process.stderr.write(`[e2e] timings: ${JSON.stringify(timings)}\n`);
});

const exampleId = (file) => stack.examples[file].id;

/** Runs a copy of an example whose trigger output is pinned to `items` (the editor's "set mock data"). */
async function runExampleWithEvents(file, trigger, items) {
	const { workflow } = readExamples().find((e) => e.file === file);
	const copy = { ...workflow, name: `${workflow.name} (pinned events)`, pinData: { [trigger]: items.map((json) => ({ json })) } };
	const wf = await stack.client.importWorkflow(copy, { credentials: { remoteIotApi: stack.credentialRef } });
	return stack.client.run(wf.id, trigger);
}

describe('the package', () => {
	test('the tarball holds only dist/, README, LICENSE and package.json', () => {
		const files = JSON.parse(process.env.REMOTEIOT_E2E_FILES);
		const outside = files.filter((f) => !f.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE.md'].includes(f));
		expect(outside).toEqual([]);
		for (const f of ['package.json', 'README.md', 'LICENSE.md', 'dist/credentials/RemoteIotApi.credentials.js', 'dist/nodes/RemoteIot/RemoteIot.node.js', 'dist/nodes/RemoteIot/RemoteIot.node.json', 'dist/nodes/RemoteIotTrigger/RemoteIotTrigger.node.js', 'dist/icons/remoteiot.svg', 'dist/icons/remoteiot.dark.svg']) {
			expect(files).toContain(f);
		}
		expect(files.filter((f) => /(^|\/)(test|sandbox|scripts|examples|bench)\//.test(f))).toEqual([]);
	});

	test('is installed like n8n installs community packages, without a second n8n-workflow', () => {
		const { packageDir, nodesDir } = stack.installed;
		expect(installedPackageNames(nodesDir)).toEqual([PACKAGE_NAME]);
		expect(fs.existsSync(path.join(packageDir, 'node_modules'))).toBe(false);
		const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
		expect(pkg.peerDependencies).toBeUndefined();
		expect(pkg.dependencies || {}).toEqual({});
		expect(JSON.parse(fs.readFileSync(path.join(nodesDir, 'package.json'), 'utf8')).dependencies).toEqual({ [PACKAGE_NAME]: pkg.version });
	});

	test('n8n loads both nodes under the community type names', async () => {
		const types = await stack.client.request('GET', '/types/nodes.json');
		const names = types.map((t) => t.name);
		expect(names).toEqual(expect.arrayContaining([NODE_TYPES.action, NODE_TYPES.trigger]));
		const trigger = types.find((t) => t.name === NODE_TYPES.trigger);
		expect(trigger.polling).toBe(true);
		const action = types.find((t) => t.name === NODE_TYPES.action);
		const resources = action.properties.find((p) => p.name === 'resource').options.map((o) => o.value);
		expect(resources).toEqual(expect.arrayContaining(['device', 'group', 'connection', 'log', 'customField', 'speedTest', 'job', 'file', 'chart', 'metric']));
	});

	test('the credential test passes with the sandbox token and fails with a wrong one', async () => {
		const data = { accessToken: stack.sandbox.token, baseUrl: stack.sandbox.baseUrl };
		const ok = await stack.client.testCredential({ id: stack.credential.id, name: stack.credential.name, type: 'remoteIotApi', data });
		expect(ok.status).toBe('OK');
		const bad = await stack.client.testCredential({ id: stack.credential.id, name: stack.credential.name, type: 'remoteIotApi', data: { ...data, accessToken: 'not-the-token' } });
		expect(bad.status).toBe('Error');
	});
});

describe('the n8n version (N8N_VERSION)', () => {
	// What only n8n 2.x offers degrades on 1.x: the trigger's poll budget (getPollBudgetMs) falls back to a
	// fixed budget. This pins which path this run takes; the trigger and resource tests below prove the
	// nodes work on it.
	test('is the one asked for, and the poll budget is there on 2.x only', () => {
		expect(stack.client.n8nVersion).toBe(n8nVersion());
		const n8nPackage = path.join(stack.n8n.dir, 'node_modules', 'n8n');
		const core = path.dirname(require.resolve('n8n-core/package.json', { paths: [n8nPackage] }));
		const pollContext = fs.readFileSync(path.join(core, 'dist', 'execution-engine', 'node-execution-context', 'poll-context.js'), 'utf8');
		expect(pollContext.includes('getPollBudgetMs')).toBe(stack.client.n8nMajor >= 2);
	});
});

describe('trigger: activation', () => {
	test('activates the offline-alert example and then takes a device offline', async () => {
		const id = exampleId('offline-alert.json');
		const answeredStatus = () => stack.sandbox.control.requestsTo('status').filter((r) => r.status === 200).length;
		const before = answeredStatus();
		const t = Date.now();
		const wf = await stack.client.activate(id);
		timings.activateMs = Date.now() - t;
		expect(wf.active).toBe(true);
		// The poll n8n runs at activation sets the baseline (no events): the device goes offline once
		// RemoteIoT has answered that poll's status request, never on a guess of how long activation takes.
		await until(() => answeredStatus() > before, { timeoutMs: 60000, everyMs: 100, what: "the activation poll's status request" });
		fleet.setStatus(TRIGGER_DEVICE, 'Offline');
		timings.flippedAt = Date.now();
	});
});

describe('one workflow per resource', () => {
	test('device: get many (group), rename by name, get status', async () => {
		const group = 'Group02';
		let ex = await runChain(stack, 'e2e device getAll', [remoteIot('Devices', { resource: 'device', operation: 'getAll', group, returnAll: true })]);
		const listed = ex.output('Devices');
		expect(listed.map((d) => d.UnitId)).toEqual(fleet.devices.filter((d) => d.Group === group).map((d) => d.UnitId));

		ex = await runChain(stack, 'e2e device rename', [
			remoteIot('Rename', { resource: 'device', operation: 'rename', deviceId: byName('Raspberry pi 00005'), name: 'Greenhouse pi', description: '' }),
		]);
		expect(ex.output('Rename')[0]).toMatchObject({ success: true, UnitId: unitId(4) });
		expect(fleet.getDevice(unitId(4)).Name).toBe('Greenhouse pi');
		expect(fleet.getDevice(unitId(4)).Notes).toBe('Sensor node 5');

		ex = await runChain(stack, 'e2e device status', [
			remoteIot('Status', { resource: 'device', operation: 'getStatus', deviceIds: `${unitId(2)}, ${unitId(3)}` }),
		]);
		const status = Object.fromEntries(ex.output('Status').map((s) => [s.UnitId, s.Status]));
		expect(status).toEqual({ [unitId(2)]: fleet.getDevice(unitId(2)).Status, [unitId(3)]: 'Offline' });
	});

	test('group: create', async () => {
		const ex = await runChain(stack, 'e2e group create', [remoteIot('Group', { resource: 'group', operation: 'create', name: 'E2E Greenhouses' })]);
		expect(ex.output('Group')[0]).toMatchObject({ success: true });
		expect(fleet.groups.has('E2E Greenhouses')).toBe(true);
	});

	test('connection: create (permanent) then get many, delete', async () => {
		let ex = await runChain(stack, 'e2e connection', [
			remoteIot('Connect', { resource: 'connection', operation: 'create', deviceId: byId(unitId(5)), localPort: 8080, options: { permanent: true } }),
			remoteIot('Connections', { resource: 'connection', operation: 'getAll', returnAll: true }),
		]);
		const created = ex.output('Connect')[0];
		const conn = fleet.connections.find((c) => c.UnitId === unitId(5) && c.LocalPort === '8080');
		expect(conn).toMatchObject({ Permanent: 'true' });
		expect(String(created.Port)).toBe(conn.Port);
		expect(created.Host).toBe(conn.Host);
		expect(ex.output('Connections').map((c) => `${c.UnitId}:${c.Port}`)).toContain(`${unitId(5)}:${conn.Port}`);

		ex = await runChain(stack, 'e2e connection delete', [
			remoteIot('Disconnect', { resource: 'connection', operation: 'delete', deviceId: byId(unitId(5)), port: Number(conn.Port) }),
		]);
		expect(ex.output('Disconnect')[0]).toMatchObject({ success: true });
		expect(fleet.connections.find((c) => c.UnitId === unitId(5) && c.Port === conn.Port)).toBeUndefined();
	});

	test('log: get new lines (one item per line, read once)', async () => {
		fleet.appendLog(unitId(6), 'System error', ['kernel: under-voltage detected', 'sshd: too many auth failures']);
		const nodes = () => [remoteIot('Log', { resource: 'log', operation: 'getNew', deviceId: byId(unitId(6)), file: 'System error' })];
		let ex = await runChain(stack, 'e2e log', nodes());
		expect(ex.output('Log')).toEqual([
			{ UnitId: unitId(6), File: 'System error', Line: 'kernel: under-voltage detected' },
			{ UnitId: unitId(6), File: 'System error', Line: 'sshd: too many auth failures' },
		]);
		ex = await runChain(stack, 'e2e log again', nodes());
		expect(ex.output('Log').filter((i) => i.Line !== undefined)).toEqual([]);
	});

	test('customField: update then get', async () => {
		const ex = await runChain(stack, 'e2e custom field', [
			remoteIot('Update', { resource: 'customField', operation: 'update', customField: 'Location', deviceId: byId(unitId(7)), value: 'Greenhouse 3' }),
			remoteIot('Get', { resource: 'customField', operation: 'get', customField: 'Location', deviceIds: `${unitId(7)},${unitId(8)}` }),
		]);
		expect(fleet.getCustomField(unitId(7), 'Location')).toBe('Greenhouse 3');
		expect(ex.output('Get')).toEqual([
			{ UnitId: unitId(7), Custom: 'Greenhouse 3' },
			{ UnitId: unitId(8), Custom: '' },
		]);
	});

	test('speedTest: submit and wait for the result', async () => {
		const ex = await runChain(stack, 'e2e speed test', [
			remoteIot('Speed test', { resource: 'speedTest', operation: 'submit', deviceId: byId(unitId(10)), options: { waitForResult: true, timeout: 60 } }),
		]);
		const result = ex.output('Speed test')[0];
		const latest = fleet.latestSpeedTest(unitId(10));
		expect(latest['Submission Time'] > '2025').toBe(true);
		expect(result).toMatchObject({ 'Submission Time': latest['Submission Time'], Download: latest.Download, Ping: latest.Ping });
	});

	test('job: create and wait for completion, get many, delete all', async () => {
		let ex = await runChain(stack, 'e2e job', [
			remoteIot('Job', {
				resource: 'job',
				operation: 'create',
				deviceId: byId(unitId(11)),
				jobName: 'e2e-echo',
				commandType: 'command',
				command: 'echo hello from n8n',
				options: { waitForCompletion: true, timeout: 60 },
			}),
		]);
		expect(ex.output('Job')[0]).toMatchObject({ Name: 'e2e-echo', UnitId: unitId(11), Status: 'Executed', Result: 'hello from n8n\n' });

		ex = await runChain(stack, 'e2e jobs', [
			remoteIot('Jobs', { resource: 'job', operation: 'getAll', deviceId: byId(unitId(11)), returnAll: true }),
			remoteIot('Delete jobs', { resource: 'job', operation: 'deleteAll', deviceId: byId(unitId(11)) }, { executeOnce: true }),
		]);
		expect(ex.output('Jobs').map((j) => j.Name)).toEqual(['e2e-echo']);
		expect(fleet.jobs.filter((j) => j.UnitId === unitId(11))).toEqual([]);
	});

	test('file: upload a binary to devices, write a text file', async () => {
		let ex = await runChain(stack, 'e2e file upload', [
			setNode('content', { content: 'interval=60\n' }),
			node('To file', 'n8n-nodes-base.convertToFile', 1.1, { operation: 'toText', sourceProperty: 'content', binaryPropertyName: 'data', options: { fileName: 'sensor.conf' } }),
			remoteIot('Upload', { resource: 'file', operation: 'upload', binaryPropertyName: 'data', folder: '/etc/sensor/', target: 'devices', deviceIds: `${unitId(12)},${unitId(13)}`, options: {} }),
		]);
		expect(ex.output('Upload')[0]).toMatchObject({ success: true });
		const upload = fleet.uploads[fleet.uploads.length - 1];
		expect(upload.filename).toBe('sensor.conf');
		expect(upload.content.toString('utf8')).toBe('interval=60\n');
		expect(upload.data.Folder).toBe('/etc/sensor/');
		expect(upload.data.Unit).toEqual([{ UnitId: unitId(12) }, { UnitId: unitId(13) }]);

		ex = await runChain(stack, 'e2e file write', [
			remoteIot('Write', { resource: 'file', operation: 'write', deviceId: byId(unitId(12)), jobName: 'e2e-write', filePath: '/home/pi/hello.txt', content: 'hello\n', options: {} }),
		]);
		expect(ex.output('Write')[0]).toMatchObject({ success: true });
		expect(fleet.getFile(unitId(12), '/home/pi/hello.txt')).toBe('hello\n');
	});

	test('chart: get many, history of a chart picked by name', async () => {
		const ex = await runChain(stack, 'e2e chart', [
			remoteIot('Charts', { resource: 'chart', operation: 'getAll', returnAll: true }),
			remoteIot('History', { resource: 'chart', operation: 'getHistory', chartId: byName('CPU Temperature'), deviceId: byId(unitId(0)), hours: 1 }, { executeOnce: true }),
		]);
		expect(ex.output('Charts')).toEqual(fleet.charts.map((c) => ({ Name: c.Name, ChartId: c.ChartId })));
		const history = ex.output('History');
		expect(history).toHaveLength(12);
		for (const row of history) {
			expect(typeof row.Value).toBe('number');
			expect(row.Value).toBeGreaterThanOrEqual(38);
			expect(row.Value).toBeLessThan(68);
		}
	});

	test('metric: device uptime and network in', async () => {
		const ex = await runChain(stack, 'e2e metric', [
			remoteIot('Uptime', { resource: 'metric', operation: 'getDeviceUptime', deviceIds: `${unitId(0)},${unitId(3)}`, hours: 3 }),
			remoteIot('Network in', { resource: 'metric', operation: 'getNetworkIn', deviceIds: unitId(0), hours: 2 }, { executeOnce: true }),
		]);
		const uptime = ex.output('Uptime');
		expect(uptime).toHaveLength(6);
		expect(uptime.filter((r) => r.UnitId === unitId(3)).every((r) => typeof r.Value === 'number' && r.Value <= 60)).toBe(true);
		expect(uptime.filter((r) => r.UnitId === unitId(0))).toHaveLength(3);
		const netIn = ex.output('Network in');
		expect(netIn).toHaveLength(2);
		expect(netIn.every((r) => r.UnitId === unitId(0) && r.Value >= 100000)).toBe(true);
	});
});

describe('the examples', () => {
	test('all import with known node types', async () => {
		const types = new Set((await stack.client.request('GET', '/types/nodes.json')).map((t) => t.name));
		for (const { file, workflow } of readExamples()) {
			expect(stack.examples[file]).toBeDefined();
			for (const n of workflow.nodes) expect([file, n.type, types.has(n.type)]).toEqual([file, n.type, true]);
		}
	});

	test('nightly fleet health: one spreadsheet row per device', async () => {
		const ex = await stack.client.run(exampleId('nightly-fleet-health.json'), 'Every night at 02:00');
		expect(ex.status).toBe('success');
		const rows = ex.output('Spreadsheet row');
		expect(rows).toHaveLength(fleet.devices.length);
		const offline = rows.find((r) => r.UnitId === unitId(3));
		expect(offline).toMatchObject({ 'Hours measured': 24, Healthy: false });
		expect(offline['Average uptime %']).toBeLessThanOrEqual(60);
		expect(Object.keys(rows[0]).sort()).toEqual(['Average uptime %', 'Date', 'Healthy', 'Hours measured', 'Lowest hourly uptime %', 'UnitId']);
	});

	test('push a file to a group: the upload reaches Group01', async () => {
		const before = fleet.uploads.length;
		const ex = await stack.client.run(exampleId('push-file-to-group.json'), 'Run it');
		expect(ex.status).toBe('success');
		expect(fleet.uploads.length).toBe(before + 1);
		const upload = fleet.uploads[fleet.uploads.length - 1];
		expect(upload.filename).toBe('motd.txt');
		expect(upload.data).toMatchObject({ Group: 'Group01', Folder: '/tmp/' });
		expect(upload.content.toString('utf8')).toMatch(/^# Managed by n8n/);
	});

	test('SSH tunnel on demand: a connection on port 22 of the named device', async () => {
		const ex = await stack.client.run(exampleId('ssh-tunnel-on-demand.json'), 'Run it');
		expect(ex.status).toBe('success');
		const out = ex.output('How to connect')[0];
		const conn = fleet.connections.find((c) => c.UnitId === unitId(1) && c.LocalPort === '22');
		expect(conn).toBeDefined();
		expect(out).toMatchObject({ device: 'Raspberry pi 00002', ssh: `ssh -p ${conn.Port} pi@${conn.Host}`, Port: Number(conn.Port) });
	});

	test('log remediation: a "disk full" line runs the clean-up job and reports its result', async () => {
		const lines = [
			{ event: 'newLogLines', UnitId: unitId(2), File: 'System error', Line: 'write failed: No space left on device' },
			{ event: 'newLogLines', UnitId: unitId(2), File: 'System error', Line: 'wlan0: link up' },
		];
		const ex = await runExampleWithEvents('log-remediation.json', 'New error log lines', lines);
		expect(ex.status).toBe('success');
		const report = ex.output('Report');
		expect(report).toHaveLength(1);
		expect(report[0]).toMatchObject({ UnitId: unitId(2), Status: 'Executed' });
		expect(report[0].text).toContain('No space left on device');
		const jobs = fleet.jobs.filter((j) => j.UnitId === unitId(2) && j.Name.startsWith('disk-cleanup-'));
		expect(jobs).toHaveLength(1);
		expect(jobs[0].Command).toContain('journalctl');
	});

	test('offline alert (manual run with a pinned event): the message names the device', async () => {
		const event = { event: 'deviceOffline', UnitId: unitId(20), Name: 'Raspberry pi 00021', Group: 'Group01', Status: 'Offline', PreviousStatus: 'Online', LastOnlineTime: '20261125080000' };
		const ex = await runExampleWithEvents('offline-alert.json', 'Device went offline', [event]);
		expect(ex.status).toBe('success');
		expect(ex.output('Alert message')[0].text).toContain('Raspberry pi 00021 (0000000088880020, group Group01) went offline');
	});
});

describe('trigger: the activated workflow', () => {
	test('the device that went offline starts an execution of the offline alert', async () => {
		expect(timings.flippedAt).toBeDefined();
		const id = exampleId('offline-alert.json');
		const deadline = timings.flippedAt + 150000;
		let found;
		while (!found && Date.now() < deadline) {
			const list = await stack.client.listExecutions({ workflowId: id });
			for (const e of list.filter((x) => x.mode === 'trigger' && x.status !== 'running' && x.status !== 'new')) {
				const ex = await stack.client.getExecution(e.id);
				if (ex.status !== 'success') throw new Error(`Trigger execution ${e.id} ended ${ex.status}: ${ex.error && ex.error.message}`);
				found = ex;
			}
			if (!found) await sleep(2000);
		}
		timings.triggerFiredAfterMs = found ? Date.now() - timings.flippedAt : null;
		expect(found).toBeDefined();
		const trigger = found.output('Device went offline');
		expect(trigger).toEqual([expect.objectContaining({ event: 'deviceOffline', UnitId: TRIGGER_DEVICE, Name: 'Raspberry pi 00010', Status: 'Offline', PreviousStatus: 'Online' })]);
		expect(found.output('Alert message')[0].text).toContain(`Raspberry pi 00010 (${TRIGGER_DEVICE}, group Group10) went offline`);
		await stack.client.deactivate(id);
	}, 200000);
});
