'use strict';
// n8n-nodes-remoteiot on n8n's queue mode: PostgreSQL + Redis + one main (`n8n start`) + two workers
// (`n8n worker --concurrency=5`), the package installed in every process's <N8N_USER_FOLDER>/.n8n/nodes before it
// starts (scripts/queue-stack.js). Everything goes through n8n's REST API and webhooks against the sandbox.
//
// The trigger part waits for real poll ticks (once a minute): it starts in beforeAll and runs in the background
// while the other parts run; the main's restart waits until they are done.
const crypto = require('crypto');
const { createSandbox } = require('../../sandbox/server');
const { startQueueStack } = require('../../scripts/queue-stack');
const { CREDENTIAL_TYPE, installedPackageNames, PACKAGE_NAME, NODE_TYPES } = require('../../scripts/n8n-server');
const { operations, rl } = require('../helpers/operations');
const { logLines, executionsByWorker, finishedOnMain, until, remoteIot, node, chain, manualTrigger, binaryFile } = require('./helpers');

const { unitId } = require('../e2e/helpers');
const BURST_EXECUTIONS = 20;
const BURST_ITEMS = 20;
const BURST_FIRST_DEVICE = 20; // devices 20..419
const BURST_RATE_PER_SECOND = 20;
const BURST_LATENCY_MS = 100;
const BURST_JITTER_MS = 50;
const UPLOAD_DEVICES = [unitId(425), unitId(426)];
const KILL_DEVICE = unitId(430);
const TRIGGER = { A: unitId(440), B: unitId(441), C: unitId(442) };

// Poll-trigger mode of n8n 2.41 (see the README's trigger guarantees and docs/DEVELOPING.md): 'durable' = durable scheduler + durable cursors,
// 'scheduler' = durable scheduler only, 'legacy' = n8n's default.
const TRIGGER_MODE = process.env.REMOTEIOT_QUEUE_TRIGGER_MODE || 'durable';
const TRIGGER_ENV = {
	legacy: {},
	scheduler: { N8N_SCHEDULER_ENABLED: 'true', N8N_SCHEDULER_POLL_TRIGGERS_ENABLED: 'true' },
	durable: { N8N_SCHEDULER_ENABLED: 'true', N8N_SCHEDULER_POLL_TRIGGERS_ENABLED: 'true', N8N_POLLER_DURABLE_CURSORS_ENABLED: 'true' },
}[TRIGGER_MODE];

let sandbox;
let stack;
const report = { triggerMode: TRIGGER_MODE };
const log = (...a) => process.stderr.write(`[queue] ${a.join(' ')}\n`);

const client = () => stack.client;
const fleet = () => sandbox.fleet;

async function importWf(workflow) {
	return client().importWorkflow(workflow, { credentials: { [CREDENTIAL_TYPE]: stack.credentialRef } });
}

/** Starts a manual run (offloaded to the workers) and returns its execution id without waiting. */
async function startRun(workflowId, trigger = 'Start') {
	const res = await client().request('POST', `/rest/workflows/${workflowId}/run`, { triggerToStartFrom: { name: trigger } });
	if (!res || !res.executionId) throw new Error(`The run did not start: ${JSON.stringify(res)}`);
	return String(res.executionId);
}

async function finished(executionId, timeoutMs = 180000) {
	return client().waitForExecution(executionId, { timeoutMs });
}

const describeError = (ex) => (ex.error ? `${ex.error.message}${ex.error.description ? ` (${ex.error.description})` : ''}` : 'no error recorded');

/** Where each execution ran: { executionId: [worker names] } from the workers' own logs. */
function ranOn(ids) {
	const byWorker = executionsByWorker(stack.workers);
	return Object.fromEntries(ids.map((id) => [id, byWorker.get(String(id)) || []]));
}

// ---------- the trigger, in the background ----------
const trigger = { ticks: [], events: [] };

/** The trigger's polls seen by the sandbox: its `status` requests for the three trigger devices. */
const triggerPolls = () => sandbox.control.requests.filter((r) => r.path === 'status' && JSON.stringify(r.body || '').includes(TRIGGER.A));
const pollAfter = (t) => triggerPolls().find((r) => r.at > t);

/** Trigger executions so far, each with its events (UnitIds) and the worker that ran it. */
async function triggerExecutions() {
	const list = await client().listExecutions({ workflowId: trigger.workflowId, limit: 100 });
	const out = [];
	for (const e of list) {
		if (['new', 'running', 'waiting'].includes(e.status)) continue;
		const ex = await client().getExecution(e.id);
		const items = ex.output('Device went offline') || [];
		out.push({ id: String(e.id), mode: ex.mode, status: ex.status, units: items.map((i) => i.UnitId), events: items.map((i) => i.event) });
	}
	return out.sort((a, b) => Number(a.id) - Number(b.id));
}

async function waitForPoll(after, what) {
	const poll = await until(() => pollAfter(after), { timeoutMs: 150000, everyMs: 250, what });
	trigger.ticks.push({ what, at: new Date(poll.at).toISOString() });
	return poll;
}

/**
 * Where PostgreSQL holds the trigger's state (naming device A): n8n's poller_state table (durable cursors) or
 * the workflow's static data (the other modes).
 */
function triggerStateText() {
	const staticData = stack.pg.query(`select coalesce("staticData"::text, '') from workflow_entity where id = '${trigger.workflowId}'`);
	const pollerState = stack.pg.query(`select coalesce(string_agg(p::text, ' '), '') from poller_state p where p::text like '%${trigger.workflowId}%'`);
	return { staticData, pollerState };
}

function triggerStateInPg() {
	const { staticData, pollerState } = triggerStateText();
	return [staticData.includes(TRIGGER.A) && 'workflow_entity.staticData', pollerState.includes(TRIGGER.A) && 'poller_state'].filter(Boolean);
}

/**
 * Phase 1 (before the restart): the baseline reaches PostgreSQL (after the activation poll, or with durable
 * cursors after the first scheduled poll), A and C go offline (one execution), C comes back online (a poll with
 * no event: n8n's legacy mode keeps that state only in memory, the durable scheduler drops it, durable cursors
 * commit it).
 */
async function triggerPhase1() {
	trigger.baselineIn = await until(() => (triggerStateInPg().length ? triggerStateInPg() : null), { timeoutMs: 150000, everyMs: 500, what: "the trigger's baseline in PostgreSQL" });
	trigger.ticks.push({ what: `baseline in ${trigger.baselineIn.join(', ')}`, at: new Date().toISOString() });
	fleet().setStatus(TRIGGER.A, 'Offline');
	fleet().setStatus(TRIGGER.C, 'Offline');
	const flipped = Date.now();
	const first = await until(async () => (await triggerExecutions()).find((e) => e.units.length), { timeoutMs: 150000, everyMs: 1000, what: 'the Device Offline execution of A and C' });
	trigger.beforeRestart = first;
	const poll = pollAfter(flipped);
	fleet().setStatus(TRIGGER.C, 'Online');
	const back = Date.now();
	const stored = JSON.stringify(triggerStateText());
	await waitForPoll(Math.max(back, poll ? poll.at : 0), 'a poll after C came back online');
	// With durable cursors n8n commits that poll's state: wait for the write (other modes write nothing here).
	await until(() => JSON.stringify(triggerStateText()) !== stored, { timeoutMs: 10000, what: 'the state write' }).catch(() => {});
}

beforeAll(async () => {
	const t = Date.now();
	sandbox = createSandbox({ devices: 450, jobDelayMs: 1500, speedTestDelayMs: 1500, maxRequests: 500000 });
	const api = await sandbox.start();
	stack = await startQueueStack({
		n8nDir: process.env.REMOTEIOT_E2E_N8N_DIR,
		tarball: process.env.REMOTEIOT_E2E_TARBALL,
		sandbox: api,
		workers: 2,
		concurrency: 5,
		env: {
			N8N_LOG_FORMAT: 'json',
			// A dead worker's job is noticed in seconds rather than minutes (defaults: 60 s lock, 30 s stalled check,
			// queue recovery every 180 min); nothing else depends on them.
			QUEUE_WORKER_LOCK_DURATION: '10000',
			QUEUE_WORKER_LOCK_RENEW_TIME: '2500',
			QUEUE_WORKER_STALLED_INTERVAL: '5000',
			N8N_EXECUTIONS_QUEUE_RECOVERY_INTERVAL: '0.1',
			...TRIGGER_ENV,
		},
		mainEnv: { N8N_LOG_LEVEL: 'debug' },
	});
	report.stackTimings = stack.timings;
	report.services = { aptInstallRan: stack.services.installed, aptLog: stack.services.logFile, postgresBin: stack.services.pgBin };
	log(`stack up in ${Date.now() - t} ms: ${JSON.stringify(stack.timings)}`);

	// The trigger workflow: activated now, its phase 1 runs while the other parts run.
	const wf = await importWf(
		chain('queue trigger', [
			{
				id: 'trigger-1',
				name: 'Device went offline',
				type: NODE_TYPES.trigger,
				typeVersion: 1,
				position: [0, 0],
				parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, events: ['deviceOffline'], group: '', deviceIds: Object.values(TRIGGER).join(',') },
				credentials: { [CREDENTIAL_TYPE]: { id: 'placeholder', name: 'placeholder' } },
			},
			node('Received', 'n8n-nodes-base.noOp', 1, {}),
		]),
	);
	trigger.workflowId = wf.id;
	await client().activate(wf.id);
	trigger.phase1 = triggerPhase1();
	trigger.phase1.catch(() => {}); // awaited (and reported) by its test
}, 400000);

afterAll(async () => {
	report.processes = stack ? [stack.main, ...stack.workers].map((p) => ({ name: p.name, pid: p.pid, readyMs: p.readyMs, exited: p.exited })) : [];
	try {
		if (stack) await stack.stop();
	} finally {
		if (sandbox) await sandbox.stop();
		log(`report ${JSON.stringify(report, null, 1)}`);
	}
}, 120000);

describe('the package on every process', () => {
	test('each process has the same install in its own .n8n/nodes, and the main lists both nodes', async () => {
		for (const folder of [stack.main, ...stack.workers].map((p) => p.userFolder)) {
			expect(installedPackageNames(`${folder}/.n8n/nodes`)).toEqual([PACKAGE_NAME]);
		}
		const types = (await client().request('GET', '/types/nodes.json')).map((t) => t.name);
		expect(types).toEqual(expect.arrayContaining([NODE_TYPES.action, NODE_TYPES.trigger]));
		// every process runs in queue mode on PostgreSQL
		expect(stack.pg.query("select count(*) > 0 from information_schema.tables where table_name = 'execution_entity'")).toBe('t');
	});
});

describe('actions run on the workers', () => {
	test("every resource's operations run on a worker, and both workers take part", async () => {
		const byResource = new Map();
		for (const op of operations) {
			const resource = op.parameters.resource;
			if (!byResource.has(resource)) byResource.set(resource, []);
			byResource.get(resource).push(op);
		}
		const runs = [];
		for (const [resource, ops] of byResource) {
			const nodes = [manualTrigger()];
			for (const op of ops) {
				if (op.name === 'file.upload') nodes.push(...binaryFile('echo hello\n', 'hello.sh').map((n) => ({ ...n, executeOnce: true })));
				nodes.push(remoteIot(op.name, op.parameters, { executeOnce: true }));
			}
			const wf = await importWf(chain(`queue ${resource}`, nodes));
			runs.push({ resource, ops, workflowId: wf.id });
		}
		const t = Date.now();
		for (const run of runs) run.executionId = await startRun(run.workflowId);
		for (const run of runs) run.ex = await finished(run.executionId);
		report.operations = { executions: runs.length, wallMs: Date.now() - t };
		for (const run of runs) {
			expect([run.resource, run.ex.status, run.ex.status === 'success' ? '' : describeError(run.ex)]).toEqual([run.resource, 'success', '']);
			for (const op of run.ops) expect(run.ex.output(op.name)).toBeDefined();
		}
		const where = ranOn(runs.map((r) => r.executionId));
		report.operations.ranOn = Object.fromEntries(runs.map((r) => [r.resource, where[r.executionId].join(',')]));
		for (const run of runs) expect([run.resource, where[run.executionId].length]).toEqual([run.resource, 1]);
		const workers = new Set(Object.values(where).flat());
		expect([...workers].sort()).toEqual(stack.workers.map((w) => w.name).sort());
		// The main did not run them: it only logs that they finished, with the worker's host id.
		const onMain = finishedOnMain(stack.main);
		for (const run of runs) expect(onMain.get(run.executionId)).toMatch(/^worker-/);
		expect(logLines(stack.main).some((l) => /^Worker started execution/.test(l.message || ''))).toBe(false);
		// what the operations changed in the sandbox
		expect(fleet().getDevice(unitId(1)).Name).toBe('Renamed');
		expect(fleet().getDevice(unitId(9))).toBeFalsy();
		expect(fleet().groups.has('Night shift')).toBe(true);
	});

	test('File → Upload of an n8n binary runs on a worker; the binary is kept in the database', async () => {
		const content = `interval=60\nnonce=${crypto.randomUUID()}\n`;
		const wf = await importWf(
			chain('queue upload', [
				manualTrigger(),
				...binaryFile(content, 'sensor.conf'),
				remoteIot('Upload', { resource: 'file', operation: 'upload', binaryPropertyName: 'data', folder: '/etc/sensor/', target: 'devices', deviceIds: UPLOAD_DEVICES.join(','), options: {} }),
			]),
		);
		const id = await startRun(wf.id);
		const ex = await finished(id);
		expect([ex.status, ex.status === 'success' ? '' : describeError(ex)]).toEqual(['success', '']);
		expect(ex.output('Upload')[0]).toMatchObject({ success: true });
		const upload = fleet().uploads.find((u) => u.content.toString('utf8') === content);
		expect(upload).toBeDefined();
		expect(upload.filename).toBe('sensor.conf');
		expect(upload.data.Unit).toEqual(UPLOAD_DEVICES.map((UnitId) => ({ UnitId })));
		expect(ranOn([id])[id]).toHaveLength(1);
		// queue mode's binary data mode is "database": the execution refers to the file by a database id
		const binaryRef = ex.binary('To file')[0].data;
		expect(binaryRef.id).toMatch(/^database:/);
		const table = stack.pg.query("select table_name from information_schema.tables where table_name like '%binary_data%' order by 1 limit 1");
		expect(table).not.toBe('');
		const rows = Number(stack.pg.query(`select count(*) from "${table}"`));
		expect(rows).toBeGreaterThan(0);
		report.upload = { executionId: id, ranOn: ranOn([id])[id][0], binaryId: binaryRef.id, binaryTable: table, rowsInTable: rows };
	});
});

describe('a burst of webhook executions', () => {
	test(`${BURST_EXECUTIONS} webhook executions of ${BURST_ITEMS} items each, sandbox limited to ${BURST_RATE_PER_SECOND} requests/s: no item fails`, async () => {
		const path = `queue-burst-${crypto.randomUUID().slice(0, 8)}`;
		const wf = await importWf(
			chain('queue burst', [
				node('Webhook', 'n8n-nodes-base.webhook', 2, { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} }, { webhookId: crypto.randomUUID() }),
				node('Split devices', 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'body.devices', include: 'noOtherFields', options: { destinationFieldName: 'UnitId' } }),
				remoteIot('Change group', { resource: 'device', operation: 'changeGroup', deviceId: rl('id', '={{ $json.UnitId }}'), group: 'Burst' }),
			]),
		);
		await client().activate(wf.id);
		// n8n registers the production webhook just after activation answers: wait until it knows the path
		// (a CORS preflight answers 404 until then and starts no execution: webhook-request-handler.js).
		const preflight = { method: 'OPTIONS', headers: { origin: 'http://127.0.0.1', 'access-control-request-method': 'POST' } };
		await until(async () => (await fetch(`${stack.main.url}/webhook/${path}`, preflight)).status === 204, { timeoutMs: 30000, what: 'the webhook registration' });
		const batches = Array.from({ length: BURST_EXECUTIONS }, (_, e) =>
			Array.from({ length: BURST_ITEMS }, (_, i) => unitId(BURST_FIRST_DEVICE + e * BURST_ITEMS + i)),
		);
		// RemoteIoT's limit is per account (the sandbox: per token, a bucket of 20 refilled at 20/s, 403 with
		// Retry-After beyond it); answers take 100 ± 50 ms as over a real network.
		sandbox.control.setRate(BURST_RATE_PER_SECOND);
		sandbox.control.setLatency(BURST_LATENCY_MS, BURST_JITTER_MS);
		const before = sandbox.control.requests.length;
		const peakBefore = sandbox.control.stats().maxInFlight;
		const t = Date.now();
		let done;
		try {
			const responses = await Promise.all(
				batches.map((devices) => fetch(`${stack.main.url}/webhook/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ devices }) })),
			);
			expect(responses.map((r) => r.status)).toEqual(batches.map(() => 200));
			done = await until(
				async () => {
					const list = await client().listExecutions({ workflowId: wf.id, limit: 100 });
					return list.length >= BURST_EXECUTIONS && list.every((e) => !['new', 'running', 'waiting'].includes(e.status)) ? list : null;
				},
				{ timeoutMs: 240000, everyMs: 500, what: 'the burst executions' },
			);
		} finally {
			sandbox.control.setRate(null);
			sandbox.control.setLatency(0, 0);
		}
		// from the first webhook call to the last execution's end (as n8n recorded it)
		const wallMs = Math.max(...done.map((e) => new Date(e.stoppedAt).getTime())) - t;
		await client().deactivate(wf.id);
		const requests = sandbox.control.requests.slice(before).filter((r) => r.path === 'ChangeGroup');
		const answered403 = requests.filter((r) => r.status === 403).length;
		const ids = done.map((e) => String(e.id));
		const where = ranOn(ids);
		const perWorker = {};
		for (const w of Object.values(where).flat()) perWorker[w] = (perWorker[w] || 0) + 1;
		const stats = sandbox.control.stats();
		report.burst = {
			executions: done.length,
			items: BURST_EXECUTIONS * BURST_ITEMS,
			requests: requests.length,
			answered403,
			share403: `${((100 * answered403) / Math.max(1, requests.length)).toFixed(1)} %`,
			requestsPerSecond: Number((requests.filter((r) => r.status !== 403).length / (wallMs / 1000)).toFixed(1)),
			wallMs,
			itemsPerSecond: Number(((BURST_EXECUTIONS * BURST_ITEMS) / (wallMs / 1000)).toFixed(1)),
			// the sandbox's most concurrent requests so far (before the burst: peakBefore, answered at once)
			peakInFlight: stats.maxInFlight,
			peakInFlightBefore: peakBefore,
			latencyMs: `${BURST_LATENCY_MS} ± ${BURST_JITTER_MS}`,
			perWorker,
			statuses: done.reduce((acc, e) => ({ ...acc, [e.status]: (acc[e.status] || 0) + 1 }), {}),
		};
		log(`burst: ${JSON.stringify(report.burst)}`);
		expect(done.map((e) => e.status)).toEqual(done.map(() => 'success'));
		for (const id of ids) {
			const ex = await client().getExecution(id);
			const out = ex.output('Change group');
			expect(out).toHaveLength(BURST_ITEMS);
			expect(out.filter((j) => j.error !== undefined)).toEqual([]);
		}
		for (const devices of batches) for (const d of devices) expect([d, fleet().getDevice(d).Group]).toEqual([d, 'Burst']);
		expect(Object.keys(perWorker).sort()).toEqual(stack.workers.map((w) => w.name).sort());
		for (const id of ids) expect(where[id]).toHaveLength(1);
	});
});

describe('the trigger polls on the main, its executions run on workers, its state lives in PostgreSQL', () => {
	test('no Device Offline is lost or repeated when the main stops and starts', async () => {
		await trigger.phase1;
		const before = trigger.beforeRestart;
		expect(before.units.sort()).toEqual([TRIGGER.A, TRIGGER.C].sort());
		expect(ranOn([before.id])[before.id]).toHaveLength(1);
		// The trigger's state is in PostgreSQL (and nowhere else survives the main's restart).
		const stateIn = triggerStateInPg();
		report.trigger = { mode: TRIGGER_MODE, baselineIn: trigger.baselineIn, beforeRestart: before, stateIn };
		expect(stateIn.length).toBeGreaterThan(0);

		// Main down: A stays offline (already reported), B goes offline, C goes offline again.
		const restartStarted = Date.now();
		await stack.restartMain(async () => {
			fleet().setStatus(TRIGGER.B, 'Offline');
			fleet().setStatus(TRIGGER.C, 'Offline');
		});
		const mainBack = Date.now();
		report.trigger.restartMs = mainBack - restartStarted;
		const seenBefore = new Set((await triggerExecutions()).map((e) => e.id));
		// The first poll after the restart, then its execution (if any), then the next poll (a repeat would show there).
		await waitForPoll(mainBack, 'the first poll after the restart');
		const after = await until(async () => {
			const list = (await triggerExecutions()).filter((e) => !seenBefore.has(e.id) && e.units.length);
			return list.length ? list : null;
		}, {
			timeoutMs: 150000,
			everyMs: 1000,
			what: 'a Device Offline execution after the restart',
		});
		const all = await triggerExecutions();
		const afterIds = all.filter((e) => !seenBefore.has(e.id));
		report.trigger.afterRestart = afterIds;
		report.trigger.ticks = trigger.ticks;
		const units = afterIds.flatMap((e) => e.units).sort();
		log(`trigger after restart: ${JSON.stringify(afterIds)}`);
		expect(after.length).toBeGreaterThan(0);
		// B and C reported once each, A (reported before the restart and still offline) not again
		expect(units).toEqual([TRIGGER.B, TRIGGER.C].sort());
		for (const e of [before, ...afterIds]) expect(e.mode).toBe('trigger');
		const where = ranOn([before.id, ...afterIds.map((e) => e.id)]);
		for (const id of Object.keys(where)) expect([id, where[id].length]).toEqual([id, 1]);
		// polls ran on the main (its cron / scheduler log lines name the workflow), never on a worker
		const mentions = (p) => logLines(p).filter((l) => /cron|poll/i.test(l.message || '') && JSON.stringify(l).includes(trigger.workflowId)).length;
		report.trigger.pollLogLines = { main: mentions(stack.main), workers: stack.workers.map(mentions) };
		expect(report.trigger.pollLogLines.main).toBeGreaterThan(0);
		expect(report.trigger.pollLogLines.workers).toEqual(stack.workers.map(() => 0));
		await client().deactivate(trigger.workflowId);
	}, 420000);
});

describe('a worker killed mid-execution', () => {
	test('SIGKILL during Job → Create: what n8n does with the execution, and how often the job reached RemoteIoT', async () => {
		sandbox.control.setDelays({ jobDelayMs: 120000 });
		const jobName = `queue-kill-${crypto.randomUUID().slice(0, 8)}`;
		const wf = await importWf(
			chain('queue kill', [
				manualTrigger(),
				remoteIot('Job', { resource: 'job', operation: 'create', deviceId: rl('id', KILL_DEVICE), jobName, commandType: 'command', command: 'sleep 60', options: { waitForCompletion: true, timeout: 300 } }),
			]),
		);
		const submits = () => sandbox.control.requests.filter((r) => r.path === 'submitjob' && r.body && r.body.JobName === jobName);
		const id = await startRun(wf.id);
		await until(() => submits().length > 0, { timeoutMs: 60000, everyMs: 50, what: 'the submitjob request' });
		const runner = await until(() => ranOn([id])[id][0], { timeoutMs: 10000, what: 'the worker running it' });
		const victim = stack.workers.find((w) => w.name === runner);
		const killedAt = Date.now();
		const exit = await victim.kill();
		const ex = await until(
			async () => {
				const e = await client().getExecution(id);
				return ['new', 'running', 'waiting'].includes(e.status) ? null : e;
			},
			{ timeoutMs: 120000, everyMs: 500, what: 'n8n to settle the killed execution' },
		);
		const settledMs = Date.now() - killedAt;
		// one more stalled-check and recovery period: a retry would have been picked up by now
		const survivor = stack.workers.find((w) => w !== victim);
		report.kill = {
			executionId: id,
			killed: runner,
			exit,
			status: ex.status,
			error: ex.error && ex.error.message,
			settledAfterMs: settledMs,
			submitjobRequests: submits().length,
			rerunBy: ranOn([id])[id].filter((w) => w !== runner),
		};
		// n8n does not run it again (Bull's maxStalledCount is 0 in n8n 2.41): it ends "crashed" (queue recovery) or
		// "error" (the stalled job failed), whichever notices first.
		expect(['crashed', 'error']).toContain(ex.status);
		expect(submits()).toHaveLength(1);
		expect(ranOn([id])[id]).toEqual([runner]);
		expect(survivor.exited).toBeNull();

		// What a user's Retry of that execution does (n8n never retries it by itself).
		sandbox.control.setDelays({ jobDelayMs: 1500 });
		const retry = await client().request('POST', `/rest/executions/${id}/retry`, { loadWorkflow: false }).catch((e) => ({ error: e.message }));
		const retryId = retry && (retry.id || retry.executionId || (typeof retry === 'string' ? retry : null));
		let retryStatus = retry && retry.status;
		if (retryId && !['error', 'success', 'crashed', 'canceled'].includes(retryStatus)) retryStatus = (await finished(String(retryId))).status;
		report.kill.manualRetry = { refused: Boolean(retry && retry.error), status: retryStatus, submitjobRequestsAfter: submits().length };
		if (retry && retry.error) report.kill.manualRetry.message = (/"message":"([^"]*)"/.exec(retry.error) || [])[1];
		else report.kill.manualRetry.response = JSON.stringify(retry).slice(0, 300);
		log(`kill: ${JSON.stringify(report.kill)}`);
		// n8n refuses to retry an execution without run data ("aborted before starting"), or runs a retry that
		// fails without sending anything: either way the job reached RemoteIoT once
		if (report.kill.manualRetry.refused) expect(report.kill.manualRetry.message).toMatch(/cannot be retried/);
		else expect(retryStatus).not.toBe('success');
		expect(submits()).toHaveLength(1);
	}, 300000);
});

