'use strict';
// The durability check's machinery: one scenario = its own n8n user folder (own SQLite database), its own
// sandbox, its own n8n process (stopped and started again on the same folder for restarts), one workflow
// "RemoteIoT Trigger (every minute) -> No Op". Polls are seen in the sandbox's request log (each poll asks
// `device`, then `status` or `log`); events are read back from n8n's executions (REST API, with data).
const fs = require('fs');
const os = require('os');
const path = require('path');
const { installPackage, startN8n, N8nClient, NODE_TYPES, CREDENTIAL_TYPE, OWNER, paths, tail } = require('../../scripts/n8n-server');
const { createSandbox } = require('../../sandbox/server');
const { readDb } = require('./modes');

const ARTIFACTS = path.resolve(__dirname, '..', '..', 'test-results', 'durability');

/** n8n's three poll modes (n8n-notes.md, "Polling triggers in n8n 2.41"); modes.js proves each from n8n's database. */
const SCHEDULER_ENV = { N8N_SCHEDULER_ENABLED: 'true', N8N_SCHEDULER_POLL_TRIGGERS_ENABLED: 'true' };
const MODES = {
	default: { env: {} },
	scheduler: { env: SCHEDULER_ENV },
	cursors: { env: { ...SCHEDULER_ENV, N8N_POLLER_DURABLE_CURSORS_ENABLED: 'true' } },
};

const TRIGGER = 'RemoteIoT Trigger';
const POLL_TIMEOUT_MS = 150000; // a poll comes once a minute; a restart may skip a tick
const { sleep, unitId, until } = require('../e2e/helpers');

/** Every n8n process any scenario started, so that the suite can stop them whatever happened. */
const running = new Set();
// Last resort (jest killed, Ctrl-C): no n8n process group outlives this process.
process.once('exit', () => {
	for (const server of running) {
		try {
			process.kill(-server.process.pid, 'SIGKILL');
		} catch {
			// gone
		}
	}
});
for (const signal of ['SIGINT', 'SIGTERM']) {
	process.once(signal, () => process.exit(130));
}

async function waitUntil(what, fn, { timeoutMs = POLL_TIMEOUT_MS, everyMs = 250 } = {}) {
	return await until(fn, { timeoutMs, everyMs, what });
}

/** n8n's REST client, retrying requests that did not reach a busy n8n (network errors, not HTTP errors). */
class PatientClient extends N8nClient {
	async request(...args) {
		for (let attempt = 1; ; attempt++) {
			try {
				return await super.request(...args);
			} catch (e) {
				if (e.status !== undefined || attempt >= 5) throw e;
				await sleep(1000 * attempt);
			}
		}
	}
}

class Scenario {
	/**
	 * def: { name, mode: 'default'|'scheduler'|'cursors', events: [...], options?, logFile?, sandbox?: createSandbox
	 *        options, expected: (s) => [items], before?: (s) => {}, steps: async (s) => {} }
	 */
	constructor(def, { n8nDir, tarball, template }) {
		this.def = def;
		this.n8n = paths(n8nDir);
		this.tarball = tarball;
		this.template = template;
		this.device = unitId(2);
		this.trail = []; // what happened, with times (printed on failure)
		this.t0 = Date.now();
	}

	note(text) {
		const line = `${((Date.now() - this.t0) / 1000).toFixed(1).padStart(6)} s  ${text}`;
		this.trail.push(line);
		if (process.env.REMOTEIOT_DURABILITY_VERBOSE) process.stderr.write(`[durability ${this.def.name}] ${line}\n`);
	}

	// ---------- setup ----------
	async setup() {
		this.userFolder = fs.mkdtempSync(path.join(os.tmpdir(), `remoteiot-durability-${this.def.name}-`));
		if (this.template) fs.cpSync(this.template, this.userFolder, { recursive: true });
		installPackage(this.tarball, this.userFolder);
		this.sandbox = createSandbox({ devices: 5, seed: 9, ...(this.def.sandbox || {}) });
		const { baseUrl, token } = await this.sandbox.start();
		this.sandbox.fleet.setStatus(this.device, 'Online');
		await this.start();
		const credential = await this.client.createCredential({ name: 'RemoteIoT sandbox', data: { accessToken: token, baseUrl } });
		const wf = await this.client.importWorkflow(this.workflow(), {
			credentials: { [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } },
		});
		this.workflowId = wf.id;
	}

	workflow() {
		const parameters = {
			pollTimes: { item: [{ mode: 'everyMinute' }] },
			events: this.def.events,
			deviceIds: this.device,
			...(this.def.logFile ? { logFile: this.def.logFile } : {}),
			options: this.def.options || {},
		};
		return {
			name: `durability ${this.def.name}`,
			nodes: [
				{
					id: 'trigger',
					name: TRIGGER,
					type: NODE_TYPES.trigger,
					typeVersion: 1,
					position: [0, 0],
					parameters,
					credentials: { [CREDENTIAL_TYPE]: { id: 'placeholder', name: 'placeholder' } },
				},
				{ id: 'noop', name: 'No Op', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [240, 0], parameters: {} },
			],
			connections: { [TRIGGER]: { main: [[{ node: 'No Op', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		};
	}

	// ---------- n8n process ----------
	async start() {
		this.logOffset = fs.existsSync(path.join(this.userFolder, 'n8n.log')) ? fs.statSync(path.join(this.userFolder, 'n8n.log')).size : 0;
		this.server = await startN8n({ n8n: this.n8n, userFolder: this.userFolder, env: MODES[this.def.mode].env, timeoutMs: 400000 });
		running.add(this.server);
		this.client = new PatientClient(this.server.url, { n8nDir: this.n8n.dir });
		await this.client.login(OWNER); // the template folder has the owner
		this.note(`n8n started (${this.server.readyMs} ms to ready)`);
	}

	async stop() {
		if (!this.server) return;
		await this.server.stop();
		running.delete(this.server);
		this.server = null;
		this.note('n8n stopped');
	}

	async restart() {
		await this.stop();
		await this.start();
	}

	/** The n8n log written since the last start. */
	log() {
		const file = path.join(this.userFolder, 'n8n.log');
		if (!fs.existsSync(file)) return '';
		return fs.readFileSync(file, 'utf8').slice(this.logOffset || 0);
	}

	// ---------- the workflow ----------
	async activate() {
		const before = this.polls();
		await this.client.activate(this.workflowId);
		this.note('workflow activated');
		// The activation poll is the baseline: n8n runs it when it activates the trigger (legacy mode, and the
		// durable scheduler when it provisions the trigger's job), possibly after the REST call has returned.
		await waitUntil(`the activation poll of ${this.def.name}`, () => this.polls() > before);
		this.note(`activation poll seen (poll ${this.polls()})`);
	}

	// ---------- the sandbox ----------
	/** Polls that have read what the trigger compares (its last request of a poll answered). */
	polls() {
		const marker = this.def.events.includes('newLogLines') ? 'log' : 'status';
		return this.sandbox.control.requests.filter((r) => r.path === marker && r.status !== null).length;
	}

	/** Waits for the next poll (counted from now) and returns its number. */
	async nextPoll() {
		const n = this.polls();
		await waitUntil(`poll ${n + 1} of ${this.def.name}`, () => this.polls() > n);
		this.note(`poll ${this.polls()} seen`);
		return this.polls();
	}

	setStatus(status) {
		this.sandbox.fleet.setStatus(this.device, status);
		this.note(`device ${status}`);
	}

	/** Queues sandbox faults (e.g. delays) for the next matching requests. */
	injectFaults(faults) {
		this.sandbox.control.injectFaults(faults);
		this.note(`faults queued: ${JSON.stringify(faults)}`);
	}

	/** How many API requests the sandbox has logged (a mark for requestsSince()). */
	requestMark() {
		return this.sandbox.control.requests.length;
	}

	/** Waits until every request logged since `mark` is answered; returns how long they took, first to last. */
	async answeredSince(mark) {
		await waitUntil(`the requests of ${this.def.name} to be answered`, () =>
			this.sandbox.control.requests.slice(mark).every((r) => r.status !== null),
		);
		const since = this.sandbox.control.requests.slice(mark);
		return since.length ? Date.now() - since[0].at : 0;
	}

	appendLog(lines) {
		this.sandbox.fleet.appendLog(this.device, this.def.logFile, lines);
		this.note(`log lines appended: ${lines.join(', ')}`);
	}

	// ---------- executions ----------
	/** Finished trigger executions of the workflow, oldest first, with the trigger's items. */
	async executions() {
		const list = await this.client.listExecutions({ workflowId: this.workflowId, limit: 100 });
		const out = [];
		for (const e of list.filter((x) => x.mode !== 'manual').sort((a, b) => Number(a.id) - Number(b.id))) {
			const ex = await this.client.getExecution(e.id);
			out.push({ id: ex.id, status: ex.status, mode: ex.mode, items: ex.output(TRIGGER) || [] });
		}
		return out;
	}

	/** The emitted events as compared: { event, UnitId } (+ Line for log events). */
	async events() {
		const events = [];
		for (const ex of await this.executions()) for (const item of ex.items) events.push(project(item));
		return events;
	}

	/** Waits until `count` events were recorded, or until the next poll passed without them (never fails). */
	async eventsOr(count) {
		const n = this.polls();
		await waitUntil(`${count} events of ${this.def.name}`, async () => this.polls() > n || (await this.events()).length >= count, {
			everyMs: 1000,
		});
	}

	/** After the last step: one more poll (must emit nothing), then every execution finished. */
	async settle() {
		await this.nextPoll();
		await waitUntil(`the executions of ${this.def.name} to finish`, async () => {
			const list = await this.client.listExecutions({ workflowId: this.workflowId, limit: 100 });
			return list.every((e) => !['new', 'running', 'waiting'].includes(e.status));
		}, { everyMs: 1000, timeoutMs: 60000 });
	}

	async cleanup({ keep = false } = {}) {
		try {
			await this.stop();
		} finally {
			if (this.sandbox) await this.sandbox.stop();
			if (this.userFolder) {
				const log = path.join(this.userFolder, 'n8n.log');
				if (fs.existsSync(log)) {
					fs.mkdirSync(ARTIFACTS, { recursive: true });
					fs.copyFileSync(log, path.join(ARTIFACTS, `${this.def.name}.n8n.log`));
				}
				if (!keep) fs.rmSync(this.userFolder, { recursive: true, force: true });
			}
		}
	}
}

function project(item) {
	const p = { event: item.event, UnitId: item.UnitId };
	if (item.event === 'newLogLines') p.Line = item.Line;
	return p;
}

/**
 * Runs one scenario to the end; never throws. Returns { name, mode, expected, got, executions, db, ms, error, trail }.
 */
async function runScenario(def, shared) {
	const s = new Scenario(def, shared);
	const result = { name: def.name, mode: def.mode, expected: def.expected(s), got: null, ms: 0, trail: s.trail };
	try {
		await s.setup();
		if (def.before) await def.before(s);
		await s.activate();
		await def.steps(s);
		await s.settle();
		result.executions = await s.executions();
		result.got = result.executions.flatMap((ex) => ex.items.map(project));
		result.failedExecutions = result.executions.filter((ex) => ex.status !== 'success').map((ex) => `${ex.id}: ${ex.status}`);
		await s.stop();
		result.db = readDb(shared.n8nDir, s.userFolder, s.workflowId);
	} catch (e) {
		result.error = e && e.stack ? e.stack : String(e);
		if (s.server) result.error += `\n--- n8n log (${def.name}) ---\n${tail(s.server.logFile, 30)}`;
	} finally {
		result.ms = Date.now() - s.t0;
		await s.cleanup().catch((e) => {
			result.error = `${result.error || ''}\ncleanup: ${e.message}`;
		});
	}
	return result;
}

/** Stops every n8n process still running (after a failure or an interrupted run). */
async function stopAll() {
	await Promise.all([...running].map((server) => server.stop().catch(() => undefined)));
	running.clear();
}

/**
 * A user folder with n8n's database migrated and the owner set up, copied into each scenario's own folder
 * (each scenario still has its own SQLite database): saves one first boot per scenario.
 */
async function makeTemplate(n8nDir) {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'remoteiot-durability-template-'));
	let server;
	try {
		server = await startN8n({ n8n: paths(n8nDir), userFolder: folder, timeoutMs: 400000 });
		running.add(server);
		const client = new PatientClient(server.url, { n8nDir });
		await client.setupOwner(OWNER);
	} catch (e) {
		if (server) await server.stop();
		fs.rmSync(folder, { recursive: true, force: true });
		throw e;
	} finally {
		if (server) {
			await server.stop();
			running.delete(server);
		}
	}
	fs.rmSync(path.join(folder, 'n8n.log'), { force: true });
	return folder;
}

module.exports = { Scenario, runScenario, stopAll, makeTemplate, MODES, TRIGGER, unitId, ARTIFACTS, waitUntil };
