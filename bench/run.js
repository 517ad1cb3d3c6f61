'use strict';
/**
 * `npm run bench`: our node versus n8n's own HTTP Request node in the same n8n-core engine, on the sandbox.
 *
 *   node bench/run.js [--runs 5] [--limit-runs 3] [--only status,items,trigger,limits,jobs] [--no-write]
 *
 * Needs a build (dist/) and the n8n that scripts/prepare-n8n.sh prepares (for the HTTP Request node;
 * installed on first use). Prints the tables and writes docs/benchmarks.md.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const v8 = require('v8');
const vm = require('vm');
const { execFileSync } = require('child_process');
const { performance } = require('perf_hooks');

const ROOT = path.resolve(__dirname, '..');
const { runNode, createTrigger, loadPackage, countEvaluations } = require('../test/helpers/engine');
const { loadHttpRequestNode, HTTP_REQUEST_TYPE } = require('./http-request-node');
const { startSandboxProcess } = require('./sandbox-process');

// ---------- options ----------
function parseArgs(argv) {
	const out = { runs: 5, limitRuns: 3, only: ['status', 'items', 'trigger', 'limits', 'jobs'], write: true };
	for (let k = 0; k < argv.length; k++) {
		const a = argv[k];
		const value = () => (a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++k]);
		if (a.startsWith('--runs')) out.runs = Number(value());
		else if (a.startsWith('--limit-runs')) out.limitRuns = Number(value());
		else if (a.startsWith('--only')) out.only = value().split(',');
		else if (a === '--no-write') out.write = false;
		else throw new Error(`Unknown argument ${a}`);
	}
	if (!(out.runs >= 1)) throw new Error('--runs must be at least 1');
	if (!(out.limitRuns >= 1)) throw new Error('--limit-runs must be at least 1');
	return out;
}
const OPTS = parseArgs(process.argv.slice(2));

const STATUS_DEVICES = 10_000;
const ITEMS = 1_000;
const TRIGGER_SIZES = [100, 1_000, 10_000];
const FLIPS = 3;
const EXPLAIN_ITEMS = 10;

v8.setFlagsFromString('--expose_gc');
const gc = vm.runInNewContext('gc');

// ---------- statistics and formatting ----------
const sorted = (xs) => [...xs].sort((a, b) => a - b);
function median(xs) {
	const s = sorted(xs);
	const m = Math.floor(s.length / 2);
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
const fmt = (x, digits) => {
	if (!Number.isFinite(x)) return String(x);
	const d = digits ?? (Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : Math.abs(x) >= 1 ? 2 : 3);
	return x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
};
/** "median (min–max)", or just the value when every run gave the same. */
function spread(xs, digits) {
	const s = sorted(xs);
	if (s[0] === s[s.length - 1]) return fmt(s[0], digits);
	return `${fmt(median(xs), digits)} (${fmt(s[0], digits)}–${fmt(s[s.length - 1], digits)})`;
}
function table(header, rows) {
	const lines = [`| ${header.join(' | ')} |`, `| ${header.map((h, k) => (k && h ? '---:' : '---')).join(' | ')} |`];
	for (const r of rows) lines.push(`| ${r.join(' | ')} |`);
	return lines.join('\n');
}
const log = (...a) => console.error('[bench]', ...a);

// ---------- workflows ----------
function httpRequestParameters(sandbox, endpoint, jsonBody) {
	return {
		method: 'POST',
		url: `${sandbox.baseUrl}/${endpoint}`,
		authentication: 'none',
		sendQuery: false,
		sendHeaders: true,
		specifyHeaders: 'keypair',
		headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${sandbox.token}` }] },
		sendBody: true,
		contentType: 'json',
		specifyBody: 'json',
		jsonBody,
		options: {},
	};
}

let http; // { type, typeVersion, versions }
async function runHttp(sandbox, parameters, items) {
	return await runNode({
		sandbox,
		parameters,
		items,
		nodeType: HTTP_REQUEST_TYPE,
		nodeVersion: http.typeVersion,
		extraNodeTypes: { [HTTP_REQUEST_TYPE]: http.type },
		node: { name: 'HTTP Request', credentials: undefined },
	});
}

/**
 * Runs `fn` once on a cleared request counter; checks the output; returns { ms (wall), cpuMs (this process:
 * the engine and both nodes, not the sandbox), requests, byPath }.
 */
async function measure(sandbox, label, fn, expectItems) {
	gc();
	await sandbox.clearRequests();
	const t0 = performance.now();
	const c0 = process.cpuUsage();
	const result = await fn();
	const ms = performance.now() - t0;
	const c = process.cpuUsage(c0);
	const cpuMs = (c.user + c.system) / 1000;
	const stats = await sandbox.stats();
	if (result.error) throw new Error(`${label}: ${result.error.message} ${result.error.description ?? ''}`);
	if (expectItems !== undefined && result.items.length !== expectItems) {
		throw new Error(`${label}: ${result.items.length} output items, expected ${expectItems}`);
	}
	return { ms, cpuMs, requests: stats.total, byPath: stats.byPath };
}

// ---------- 1. status of a 10,000-device fleet ----------
async function benchStatus(sandbox) {
	const ids = (await sandbox.devices(STATUS_DEVICES)).map((d) => ({ UnitId: d.UnitId }));
	// Like the HTTP Request row, ours is given the 10,000 UnitIds: one item carrying them all.
	const ours = () =>
		runNode({
			sandbox,
			items: [{ json: { ids: ids.map((d) => d.UnitId) } }],
			parameters: { resource: 'device', operation: 'getStatus', deviceIds: '={{ $json.ids }}', options: {} },
		});
	// And the whole fleet without any input: one device list first.
	const fleet = () =>
		runNode({ sandbox, parameters: { resource: 'device', operation: 'getStatus', deviceIds: '', options: {} } });
	const theirs = () =>
		runHttp(sandbox, httpRequestParameters(sandbox, 'status', '=[{"UnitId": "{{ $json.UnitId }}"}]'), ids);
	const sides = { ours, fleet, http: theirs };
	log('status: warm-up');
	for (const [side, fn] of Object.entries(sides)) await measure(sandbox, side, fn, STATUS_DEVICES);
	const runs = { ours: [], fleet: [], http: [] };
	for (let r = 0; r < OPTS.runs; r++) {
		// Rotate the order so no side always runs on a freshly collected heap.
		const order = Object.keys(sides);
		for (let k = 0; k < r % order.length; k++) order.push(order.shift());
		for (const side of order) runs[side].push(await measure(sandbox, side, sides[side], STATUS_DEVICES));
		log(`status run ${r + 1}: ours ${fmt(runs.ours[r].ms)} ms / ${runs.ours[r].requests} req, whole fleet ${fmt(runs.fleet[r].ms)} ms / ${runs.fleet[r].requests} req, HTTP Request ${fmt(runs.http[r].ms)} ms / ${runs.http[r].requests} req`);
	}
	return runs;
}

// ---------- 2. per-item engine time, 1,000 items ----------
async function benchItems(sandbox) {
	const ids = (await sandbox.devices(ITEMS)).map((d) => ({ UnitId: d.UnitId }));
	const ours = (items = ids) =>
		runNode({
			sandbox,
			items,
			parameters: {
				resource: 'device',
				operation: 'changeGroup',
				deviceId: { __rl: true, mode: 'id', value: '={{ $json.UnitId }}' },
				group: 'Bench',
			},
		});
	const theirs = (items = ids) =>
		runHttp(sandbox, httpRequestParameters(sandbox, 'ChangeGroup', '={"UnitId": "{{ $json.UnitId }}", "Group": "Bench"}'), items);
	log('items: warm-up');
	await measure(sandbox, 'ours', () => ours(), ITEMS);
	await measure(sandbox, 'HTTP Request', () => theirs(), ITEMS);
	const runs = { ours: [], http: [] };
	for (let r = 0; r < OPTS.runs; r++) {
		const order = r % 2 ? ['http', 'ours'] : ['ours', 'http'];
		for (const side of order) runs[side].push(await measure(sandbox, side, side === 'ours' ? () => ours() : () => theirs(), ITEMS));
		log(`items run ${r + 1}: ours ${fmt(runs.ours[r].ms / ITEMS)} ms/item, HTTP Request ${fmt(runs.http[r].ms / ITEMS)} ms/item`);
	}
	const few = ids.slice(0, EXPLAIN_ITEMS);
	runs.explain = await explainItems(() => ours(few), () => theirs(few));
	return runs;
}

/**
 * Where per-item time goes: how often n8n evaluates an expression per item for each node (counted on
 * n8n-workflow's Expression), and how many properties the declarative engine walks per item.
 */
async function explainItems(ours, theirs) {
	const perItem = async (fn) => {
		const { counts } = await countEvaluations(fn);
		const total = [...counts.values()].reduce((a, b) => a + b, 0);
		return { total: total / EXPLAIN_ITEMS, byValue: [...counts].map(([v, n]) => [v, n / EXPLAIN_ITEMS]) };
	};
	const loader = await loadPackage();
	const properties = loader.nodeTypes.remoteIot.type.description.properties;
	return {
		ours: await perItem(ours),
		http: await perItem(theirs),
		properties: properties.length,
		deviceIdProperties: properties.filter((p) => p.name === 'deviceId').length,
	};
}

// ---------- 3. one trigger poll ----------
/** The placeholder trigger answered null without a request; the real one lists the devices on every poll. */
async function triggerAvailable(sandbox) {
	const trigger = await createTrigger({ sandbox, parameters: { events: ['deviceOnline', 'deviceOffline'] } });
	await sandbox.clearRequests();
	await trigger.poll();
	return (await sandbox.stats()).total > 0;
}

async function benchTrigger(sandboxes) {
	if (!(await triggerAvailable(sandboxes[TRIGGER_SIZES[0]]))) return { unavailable: true };
	const results = {};
	for (const size of TRIGGER_SIZES) {
		const sandbox = sandboxes[size];
		const devices = await sandbox.devices(size);
		results[size] = [];
		for (let r = -1; r < OPTS.runs; r++) {
			// A fresh activation: the first poll seeds, then a few devices change, then the measured poll.
			const trigger = await createTrigger({ sandbox, parameters: { events: ['deviceOnline', 'deviceOffline'] } });
			const seed = await measure(sandbox, 'seed poll', async () => ({ items: await trigger.activate() }));
			for (const d of devices.slice(0, FLIPS)) {
				d.Status = d.Status === 'Online' ? 'Offline' : 'Online';
				await sandbox.setStatus(d.UnitId, d.Status);
			}
			let events = 0;
			const poll = await measure(sandbox, 'poll', async () => {
				const items = await trigger.poll();
				events = items.length;
				return { items };
			});
			const bytes = Buffer.byteLength(JSON.stringify(trigger.staticData));
			if (r >= 0) results[size].push({ ...poll, seedMs: seed.ms, seedRequests: seed.requests, bytes, events });
			if (seed.requests === 0) return { unavailable: true };
		}
		const m = results[size];
		log(`trigger ${size}: ${spread(m.map((x) => x.ms))} ms, ${spread(m.map((x) => x.requests), 0)} req, ${spread(m.map((x) => x.bytes), 0)} B static data (${spread(m.map((x) => x.bytes / size), 1)} B per device)`);
	}
	return results;
}

// ---------- 4. latency and rate limits: the account limiter ----------
const LATENCY_MS = 100;
const JITTER_MS = 10;
const LIMIT_CASES = [
	{ id: 'a', title: '200 items, 100 ms latency, no rate limit', items: 200, rate: null, executions: 1, http: true },
	{ id: 'b', title: '200 items, 100 ms latency, 20 requests/s', items: 200, rate: 20, executions: 1, http: true },
	{ id: 'c', title: '5 executions × 40 items at once, 100 ms latency, 20 requests/s', items: 40, rate: 20, executions: 5, http: false },
	// ~20 s a run at best (1,000 ÷ 50/s): run once to keep the whole bench within a few minutes.
	{ id: 'e', title: '1,000 items, 100 ms latency, 50 requests/s', items: 1000, rate: 50, executions: 1, http: true, runs: 1 },
];
const JOBS = 100;
const JOB_MS = 10_000;

/** Forgets every idle account limiter of this process: the next run starts cold (slow start, nothing learned). */
function forgetLimiters() {
	const limiter = require(path.join(ROOT, 'dist', 'nodes', 'RemoteIot', 'shared', 'limiter.js'));
	limiter.forgetIdleLimiters(Number.MAX_SAFE_INTEGER);
}

const failedItems = (result) =>
	result.error ? result.items.length || 1 : result.items.filter((i) => i.error || (i.json && i.json.error)).length;

/**
 * One run of `executions` executions at once; every item continues on failure so failed items are
 * counted. Returns wall ms, requests, 403s, failed items, peak in flight and goodput (the requests the
 * sandbox accepted ÷ what its token bucket allowed between the first and the last request: burst + rate × span).
 */
async function runLimitCase(sandbox, c, side, ids) {
	await sandbox.clearRequests();
	const parts = Array.from({ length: c.executions }, (_, e) => ids.slice(e * c.items, (e + 1) * c.items));
	const t0 = performance.now();
	const started = Date.now();
	const results = await Promise.all(
		parts.map((items) =>
			side === 'http'
				? runNode({
						sandbox,
						parameters: httpRequestParameters(sandbox, 'ChangeGroup', '={"UnitId": "{{ $json.UnitId }}", "Group": "Bench"}'),
						items,
						nodeType: HTTP_REQUEST_TYPE,
						nodeVersion: http.typeVersion,
						extraNodeTypes: { [HTTP_REQUEST_TYPE]: http.type },
						node: { name: 'HTTP Request', credentials: undefined },
						continueOnFail: true,
					})
				: runNode({
						sandbox,
						items,
						continueOnFail: true,
						parameters: {
							resource: 'device',
							operation: 'changeGroup',
							deviceId: { __rl: true, mode: 'id', value: '={{ $json.UnitId }}' },
							group: 'Bench',
						},
					}),
		),
	);
	const ms = performance.now() - t0;
	const stats = await sandbox.stats();
	const accepted = stats.byStatus[200] ?? 0;
	const spanS = stats.lastAt !== undefined ? (stats.lastAt - stats.firstAt) / 1000 : 0;
	return {
		ms,
		requests: stats.total,
		refused: stats.byStatus[403] ?? 0,
		failed: results.reduce((n, r) => n + failedItems(r), 0),
		peak: stats.maxInFlight,
		goodput: c.rate ? accepted / (c.rate + c.rate * spanS) : undefined,
		// When the first request reached the sandbox (same machine, same clock): before it, the node builds requests.
		firstMs: stats.firstAt !== undefined ? stats.firstAt - started : undefined,
	};
}

async function benchLimits() {
	const sandbox = await startSandboxProcess({ devices: ITEMS, latencyMs: LATENCY_MS, jitterMs: JITTER_MS });
	try {
		const ids = (await sandbox.devices(ITEMS)).map((d) => ({ UnitId: d.UnitId }));
		const results = {};
		for (const c of LIMIT_CASES) {
			await sandbox.setRate(c.rate);
			const runs = { ours: [], warm: [], http: [] };
			for (let r = 0; r < (c.runs ?? OPTS.limitRuns); r++) {
				if (c.http) {
					await sandbox.setRate(c.rate); // a fresh token bucket for every run
					runs.http.push(await runLimitCase(sandbox, c, 'http', ids));
				}
				await sandbox.setRate(c.rate);
				forgetLimiters();
				runs.ours.push(await runLimitCase(sandbox, c, 'ours', ids));
				if (c.id === 'a') runs.warm.push(await runLimitCase(sandbox, c, 'ours', ids));
				const o = runs.ours[r];
				log(`limits ${c.id} run ${r + 1}: ours ${fmt(o.ms)} ms, ${o.requests} req, ${o.refused} × 403, ${o.failed} failed, peak ${o.peak}${o.goodput === undefined ? '' : `, goodput ${fmt(o.goodput * 100, 0)} %`}${c.http ? `; HTTP Request ${fmt(runs.http[r].ms)} ms, ${runs.http[r].failed} failed` : ''}`);
			}
			results[c.id] = runs;
		}
		return results;
	} finally {
		await sandbox.stop();
	}
}

async function benchJobs() {
	const sandbox = await startSandboxProcess({ devices: JOBS, latencyMs: LATENCY_MS, jitterMs: JITTER_MS, jobDelayMs: JOB_MS });
	try {
		const ids = (await sandbox.devices(JOBS)).map((d) => ({ UnitId: d.UnitId }));
		forgetLimiters();
		await sandbox.clearRequests();
		const t0 = performance.now();
		const result = await runNode({
			sandbox,
			items: ids,
			continueOnFail: true,
			parameters: {
				resource: 'job',
				operation: 'create',
				deviceId: { __rl: true, mode: 'id', value: '={{ $json.UnitId }}' },
				jobName: 'Bench',
				commandType: 'command',
				command: 'uptime',
				options: { waitForCompletion: true, timeout: 120 },
			},
		});
		const ms = performance.now() - t0;
		const stats = await sandbox.stats();
		const run = { ms, requests: stats.total, byPath: stats.byPath, refused: stats.byStatus[403] ?? 0, failed: failedItems(result), peak: stats.maxInFlight };
		log(`jobs: ${fmt(ms)} ms, ${stats.byPath.listjob ?? 0} listjob of ${stats.total} requests, ${run.failed} failed`);
		return run;
	} finally {
		await sandbox.stop();
	}
}

const WHY_PER_ITEM = [
	'Why ours costs more per item (measured with `node bench/profile-items.js --http`, which runs variants of our node',
	'type in memory): the engine is CPU-bound here (CPU time ≈ wall time), so the limiter is not the cause (1, 4, 16 or',
	'1,000 requests in flight give the same time within noise). n8n\'s declarative engine (`RoutingNode`) walks every',
	'property of the node for every item, twice in n8n-core 2.41 (building the request, then again in `resolveBaseUrl`',
	'for the credential domain check), and evaluates the saved value of each property *before* checking whether it is',
	'displayed. A `deviceId` holding an expression is stored once but evaluated once per property named `deviceId`, in',
	'both walks. Each evaluation builds n8n\'s expression context (`initializeGlobalContext`, the top entry of a CPU',
	'profile). The HTTP Request node is programmatic: it reads each parameter once per item.',
	'What was done (each measured with `bench/profile-items.js`): (1) the operations that act on one device share one',
	'`deviceId` property instead of one per operation (14 before): from ~4.4× to ~2.2–2.5×; (2) the base URL is no longer',
	'an expression in `requestDefaults` (it was evaluated twice per item) but set from the account, read once per',
	'execution; (3) `deviceId` has no `routing` (the engine read it once more per walk): `resolveDeviceId` reads it once;',
	'(4) fields that several operations share (Return All, Limit, Hours, Device IDs, Chart, …) are one property each',
	'(`mergeSameFields`: 74 → 55 properties): together ~2.5× → ~1.9×. Job → Get Many keeps its own, optional',
	'`deviceId` (a required and an optional field cannot be one property), so an expression in Device is evaluated 5',
	'times per item (2 properties × 2 walks + our read). A node with only the properties of `device.changeGroup`',
	'measures ~1.5×, the floor of the declarative engine. For fleet-wide work one item with many Device IDs replaces',
	'thousands of items (the status table above).',
].join('\n');

// ---------- machine and report ----------
function pkgVersion(name) {
	try {
		return require(require.resolve(`${name}/package.json`, { paths: [ROOT] })).version;
	} catch {
		return 'unknown';
	}
}
function gitCommit() {
	try {
		const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
		const dirty = execFileSync('git', ['status', '--porcelain', '--', 'nodes', 'credentials'], { cwd: ROOT, encoding: 'utf8' }).trim();
		return dirty ? `${head} + uncommitted changes in nodes/` : head;
	} catch {
		return 'unknown';
	}
}
function machine() {
	const cpus = os.cpus();
	return {
		date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
		cpu: `${cpus[0]?.model?.trim() ?? 'unknown'}, ${cpus.length} cores`,
		ram: `${fmt(os.totalmem() / 2 ** 30, 1)} GiB`,
		os: `${os.type()} ${os.release()} (${os.arch()})`,
		load: os.loadavg().map((x) => fmt(x, 2)).join(' / '),
		node: process.version,
		n8nCore: pkgVersion('n8n-core'),
		n8nWorkflow: pkgVersion('n8n-workflow'),
		commit: gitCommit(),
	};
}

const pct = (x) => (x === undefined ? '–' : `${fmt(x * 100, 0)} %`);
const verdict = (ok) => (ok ? 'met' : '**not met**');

function limitsReport(limits, jobs) {
	const out = [];
	out.push('');
	out.push('## Latency and rate limits: one adaptive limiter per account');
	out.push('');
	out.push(`The sandbox answers every request after ${LATENCY_MS} ms ± ${JITTER_MS} ms; where a rate is given, it allows that many`);
	out.push('requests per second per token (a token bucket of one second\'s worth) and answers 403 with `Retry-After` beyond it.');
	out.push('Ours: `device.changeGroup` (Device by ID from `{{ $json.UnitId }}`); HTTP Request: the same `POST /ChangeGroup` per');
	out.push('item. Both continue on failure, so failed items are counted. Every run of ours starts **cold** (the account');
	out.push('limiter forgotten: slow start from 8 in flight, no rate learned); "warm" is the run right after a cold one on');
	out.push('the same account. Goodput = requests the sandbox accepted ÷ what its bucket allowed between the first and');
	out.push(`the last request (burst + rate × span). ${OPTS.limitRuns} runs per row ((e): 1), "median (min–max)".`);
	out.push('');
	const rows = [];
	const row = (label, side, runs) => rows.push([
		label,
		side,
		spread(runs.map((x) => x.ms / 1000), 2),
		spread(runs.map((x) => x.requests), 0),
		spread(runs.map((x) => x.refused), 0),
		spread(runs.map((x) => x.failed), 0),
		spread(runs.map((x) => x.peak), 0),
		runs[0].goodput === undefined ? '–' : spread(runs.map((x) => x.goodput * 100), 0) + ' %',
		runs[0].firstMs === undefined ? '–' : spread(runs.map((x) => x.firstMs / 1000), 2),
	]);
	for (const c of LIMIT_CASES) {
		const r = limits[c.id];
		if (!r) continue;
		row(`(${c.id}) ${c.title}`, 'RemoteIoT node', r.ours);
		if (r.warm.length) row('', 'RemoteIoT node, warm', r.warm);
		if (r.http.length) row('', 'HTTP Request node', r.http);
	}
	if (jobs) {
		rows.push([
			`(d) ${JOBS} × Job → Create, Wait for Completion, jobs take ${JOB_MS / 1000} s`,
			'RemoteIoT node',
			fmt(jobs.ms / 1000, 2),
			`${fmt(jobs.requests, 0)} (${fmt(jobs.byPath.listjob ?? 0, 0)} listjob)`,
			fmt(jobs.refused, 0),
			fmt(jobs.failed, 0),
			fmt(jobs.peak, 0),
			'–',
			'–',
		]);
	}
	out.push(table(['case', 'node', 'wall (s)', 'requests', '403s', 'failed items', 'peak in flight', 'goodput', 'first request (s)'], rows));
	out.push('');
	out.push('Targets (issue 10, "Done when"), medians of this run:');
	out.push('');
	const m = (runs, key) => median(runs.map((x) => x[key]));
	const targets = [];
	if (limits?.a) {
		const ratio = m(limits.a.ours, 'ms') / m(limits.a.http, 'ms');
		const warm = m(limits.a.warm, 'ms') / m(limits.a.http, 'ms');
		targets.push(`- (a) wall time ≤ 1.5× the HTTP Request node: cold ${fmt(ratio, 2)}×, warm ${fmt(warm, 2)}× — ${verdict(ratio <= 1.5)} (cold), ${verdict(warm <= 1.5)} (warm).`);
		// n8n's declarative engine builds the requests of every item before it sends the first one (RoutingNode.runNode
		// has no await in its item loop), so ours cannot send before "first request"; then 200 requests at most 64 in
		// flight take ⌈200 / 64⌉ round trips, the HTTP Request node's all 200 at once one.
		const first = m(limits.a.warm, 'firstMs');
		const max = limiterConstants().MAX_CONCURRENT_REQUESTS;
		const rounds = Math.ceil(LIMIT_CASES[0].items / max);
		const floor = first + rounds * LATENCY_MS;
		const target = 1.5 * m(limits.a.http, 'ms');
		targets.push(`  Why: n8n's declarative engine builds every item's request before it sends the first (ours: first request after ${fmt(first / 1000, 2)} s, HTTP Request node: ${fmt(m(limits.a.http, 'firstMs') / 1000, 2)} s); then ${LIMIT_CASES[0].items} requests at most ${max} in flight take ${rounds} round trips of ${LATENCY_MS} ms. That floor, ${fmt(floor / 1000, 2)} s without any per-response work, is ${floor > target ? 'above' : 'below'} 1.5× the HTTP Request node (${fmt(target / 1000, 2)} s); meeting it needs more than ${max} requests in flight, which issue 10's own bound rules out.`);
	}
	if (limits?.b) {
		const o = limits.b.ours;
		const share = m(o, 'refused') / m(o, 'requests');
		targets.push(`- (b) every item succeeds (${fmt(m(o, 'failed'), 0)} failed), goodput ≥ 90 % (${pct(m(o, 'goodput'))}), ≤ 10 % of requests 403 (${pct(share)}) — ${verdict(m(o, 'failed') === 0 && m(o, 'goodput') >= 0.9 && share <= 0.1)}.`);
	}
	if (limits?.c) {
		const o = limits.c.ours;
		const share = m(o, 'refused') / m(o, 'requests');
		targets.push(`- (c) no item fails (${fmt(m(o, 'failed'), 0)}), goodput ≥ 85 % (${pct(m(o, 'goodput'))}), ≤ 15 % 403 (${pct(share)}) — ${verdict(m(o, 'failed') === 0 && m(o, 'goodput') >= 0.85 && share <= 0.15)}.`);
	}
	if (jobs) {
		const listjob = jobs.byPath.listjob ?? 0;
		targets.push(`- (d) ≤ 40 listjob requests (${fmt(listjob, 0)}) and ≤ 1.6× the job duration (${fmt(jobs.ms / JOB_MS, 2)}×) — ${verdict(listjob <= 40 && jobs.ms <= 1.6 * JOB_MS)}.`);
	}
	if (limits?.e) {
		const o = limits.e.ours;
		targets.push(`- (e) for information: ${fmt(m(o, 'failed'), 0)} failed, goodput ${pct(m(o, 'goodput'))}, ${pct(m(o, 'refused') / m(o, 'requests'))} of requests 403.`);
	}
	out.push(targets.join('\n'));
	return out.join('\n');
}

function report({ status, items, trigger, limits, jobs, info, seconds, concurrency }) {
	const out = [];
	out.push('# Benchmarks');
	out.push('');
	out.push('Written by `npm run bench` (`bench/run.js`); rerun it to refresh this page. Everything runs on the local');
	out.push('sandbox (`sandbox/`) in its own process, through n8n-core\'s real engine (`WorkflowExecute`, as in');
	out.push('`test/helpers/engine.js`); n8n\'s own HTTP Request node runs in the same engine in the same process.');
	out.push(`${OPTS.runs} measured runs per row after one warm-up run; "median (min–max)". Requests are counted by the sandbox.`);
	out.push('');
	out.push('## Machine');
	out.push('');
	out.push(table(['', ''], [
		['Date', info.date],
		['CPU', info.cpu],
		['RAM', info.ram],
		['OS', info.os],
		['Load average at start (1/5/15 min)', `${info.load} (other processes share the machine: expect noise)`],
		['Node.js', info.node],
		['n8n-core / n8n-workflow', `${info.n8nCore} / ${info.n8nWorkflow}`],
		['HTTP Request node', `n8n-nodes-base ${http.versions['n8n-nodes-base']} (n8n ${http.versions.n8n}), node version ${http.typeVersion}`],
		['Our limiter', `one per account, adaptive: ${concurrency}`],
		['Commit', info.commit],
		['Whole bench', `${fmt(seconds, 0)} s`],
	]));
	if (status) {
		const o = status.ours;
		const h = status.http;
		const timeRatio = o.map((x, k) => h[k].ms / x.ms);
		out.push('');
		out.push(`## Status of a ${fmt(STATUS_DEVICES, 0)}-device fleet`);
		out.push('');
		out.push('Both nodes are given the 10,000 UnitIds. Ours: `device.getStatus` on one input item whose Device IDs');
		out.push('expression returns them all (one `status` request per 1,000 devices). HTTP Request: 10,000 input items,');
		out.push('one `POST /status` with `[{"UnitId": "{{$json.UnitId}}"}]` per item and the bearer token as a header, as');
		out.push('users do today. "Whole fleet": ours with empty Device IDs and no input, so it reads the device list first.');
		out.push('');
		const f = status.fleet;
		const paths = (runs) => Object.entries(runs[0].byPath).map(([p, n]) => `${fmt(n, 0)} × ${p}`).join(' + ');
		out.push(table(['', 'HTTP requests', 'wall time (ms)', 'requests sent'], [
			['RemoteIoT node', spread(o.map((x) => x.requests), 0), spread(o.map((x) => x.ms)), paths(o)],
			['RemoteIoT node, whole fleet', spread(f.map((x) => x.requests), 0), spread(f.map((x) => x.ms)), paths(f)],
			['HTTP Request node', spread(h.map((x) => x.requests), 0), spread(h.map((x) => x.ms)), paths(h)],
			['HTTP Request ÷ ours', `${fmt(median(h.map((x) => x.requests)) / median(o.map((x) => x.requests)), 0)}×`, `${spread(timeRatio)}×`, ''],
		]));
	}
	if (items) {
		const o = items.ours.map((x) => x.ms / ITEMS);
		const h = items.http.map((x) => x.ms / ITEMS);
		const ratio = o.map((x, k) => x / h[k]);
		const oc = items.ours.map((x) => x.cpuMs / ITEMS);
		const hc = items.http.map((x) => x.cpuMs / ITEMS);
		const cpuRatio = oc.map((x, k) => x / hc[k]);
		out.push('');
		out.push(`## Per-item engine time, ${fmt(ITEMS, 0)} items`);
		out.push('');
		out.push('`device.changeGroup` (Device by ID from `{{ $json.UnitId }}`, Group `Bench`) on 1,000 input items, versus the');
		out.push('HTTP Request node sending the same `POST /ChangeGroup` per item. Wall time of the node run ÷ items.');
		out.push('');
		out.push(table(['', 'wall ms per item', 'engine CPU ms per item', 'HTTP requests'], [
			['RemoteIoT node', spread(o, 3), spread(oc, 3), spread(items.ours.map((x) => x.requests), 0)],
			['HTTP Request node', spread(h, 3), spread(hc, 3), spread(items.http.map((x) => x.requests), 0)],
			['ours ÷ HTTP Request (same run)', `${spread(ratio, 2)}×`, `${spread(cpuRatio, 2)}×`, ''],
		]));
		const e = items.explain;
		const shown = (x) => x.byValue.map(([v, n]) => `${fmt(n, 0)} × \`${v}\``).join(', ');
		out.push('');
		out.push(`Expressions n8n evaluates per item: ours ${fmt(e.ours.total, 0)} (${shown(e.ours)}); HTTP Request ${fmt(e.http.total, 0)} (${shown(e.http)}).`);
		out.push(`Our node has ${e.properties} properties, ${e.deviceIdProperties} of them named \`deviceId\` (the one of the one-device operations, and Job → Get Many's optional one).`);
		out.push('');
		out.push(WHY_PER_ITEM);
	}
	if (limits || jobs) out.push(limitsReport(limits, jobs));
	if (trigger && !trigger.unavailable) {
		out.push('');
		out.push('## One trigger poll (events `deviceOnline`, `deviceOffline`)');
		out.push('');
		out.push(`A fresh activation per run: the first poll seeds (emits nothing), then ${FLIPS} devices change status, then the`);
		out.push('measured poll. Static data = the node\'s static data as n8n persists it, JSON bytes, after that poll (the');
		out.push('budget is 40 bytes per device at 10,000 devices; about one device in seven is offline, whose entry carries its');
		out.push('offline episode).');
		out.push('');
		out.push(table(['devices', 'HTTP requests', 'poll (ms)', 'static data (bytes)', 'per device (bytes)', 'events', 'seeding poll (ms)'],
			TRIGGER_SIZES.map((size) => {
				const m = trigger[size];
				return [
					fmt(size, 0),
					spread(m.map((x) => x.requests), 0),
					spread(m.map((x) => x.ms)),
					spread(m.map((x) => x.bytes), 0),
					spread(m.map((x) => x.bytes / size), 1),
					spread(m.map((x) => x.events), 0),
					spread(m.map((x) => x.seedMs)),
				];
			})));
	}
	out.push('');
	return out.join('\n');
}

/** The limiter's bounds, as built (dist/…/constants.js). */
const limiterConstants = () => require(path.join(ROOT, 'dist', 'nodes', 'RemoteIot', 'shared', 'constants.js'));

function concurrencySetting() {
	const c = limiterConstants();
	return `${c.INITIAL_CONCURRENT_REQUESTS} to ${c.MAX_CONCURRENT_REQUESTS} requests in flight (starts at ${c.INITIAL_CONCURRENT_REQUESTS})`;
}

async function main() {
	const started = performance.now();
	http = loadHttpRequestNode();
	await loadPackage();
	const info = machine();
	log(`HTTP Request node ${http.typeVersion} from ${http.dir}`);
	const sizes = new Set([STATUS_DEVICES]);
	if (OPTS.only.includes('trigger')) for (const s of TRIGGER_SIZES) sizes.add(s);
	const sandboxes = {};
	for (const size of sizes) sandboxes[size] = await startSandboxProcess({ devices: size });
	try {
		const results = { info, concurrency: concurrencySetting() };
		if (OPTS.only.includes('status')) results.status = await benchStatus(sandboxes[STATUS_DEVICES]);
		if (OPTS.only.includes('items')) results.items = await benchItems(sandboxes[STATUS_DEVICES]);
		if (OPTS.only.includes('trigger')) results.trigger = await benchTrigger(sandboxes);
		if (OPTS.only.includes('limits')) results.limits = await benchLimits();
		if (OPTS.only.includes('jobs')) results.jobs = await benchJobs();
		results.seconds = (performance.now() - started) / 1000;
		const text = report(results);
		console.log(text);
		if (OPTS.write) {
			fs.writeFileSync(path.join(ROOT, 'docs', 'benchmarks.md'), text);
			log('wrote docs/benchmarks.md');
		}
	} finally {
		await Promise.all(Object.values(sandboxes).map((s) => s.stop()));
	}
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
