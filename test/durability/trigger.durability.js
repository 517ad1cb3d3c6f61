'use strict';
// npm run test:durability: issue 9's scenarios in real n8n 2.41.1 servers. All scenarios run side by side
// (each n8n is idle between the minute polls), each in its own user folder and SQLite database, with its
// own sandbox; restarts stop the n8n process and start it again on the same folder. Every scenario's
// events are read from n8n's executions and compared with exactly the expected items.
// REMOTEIOT_DURABILITY_ONLY=A,B2 runs only those scenarios.
const fs = require('fs');
const path = require('path');
const { runScenario, stopAll, ARTIFACTS } = require('./harness');
const { SCENARIOS } = require('./scenarios');
const { checkMode } = require('./modes');

const only = (process.env.REMOTEIOT_DURABILITY_ONLY || '').split(',').filter(Boolean);
const selected = only.length ? SCENARIOS.filter((s) => only.includes(s.name)) : SCENARIOS;
const results = {};
let started;

const fmt = (events) => (events ? events.map((e) => `${e.event}${e.Line ? `(${e.Line})` : ''}`).join(', ') || 'none' : 'n/a');

/** Why a scenario failed ('' when it passed). */
function verdict(def, r) {
	if (!r) return 'did not run';
	if (r.error) return `did not complete: ${r.error.split('\n')[0]}`;
	try {
		checkMode(def.mode, r.db);
	} catch (e) {
		return e.message;
	}
	if (r.failedExecutions.length) return `failed executions: ${r.failedExecutions.join(', ')}`;
	if (JSON.stringify(r.got) !== JSON.stringify(r.expected)) return 'wrong events';
	return '';
}

beforeAll(async () => {
	started = Date.now();
	const shared = {
		n8nDir: process.env.REMOTEIOT_DURABILITY_N8N_DIR,
		tarball: process.env.REMOTEIOT_DURABILITY_TARBALL,
		template: process.env.REMOTEIOT_DURABILITY_TEMPLATE,
	};
	try {
		const all = await Promise.all(selected.map((def) => runScenario(def, shared)));
		for (const r of all) results[r.name] = r;
	} finally {
		await stopAll();
	}
}, 900000);

afterAll(() => {
	const lines = selected.map((def) => {
		const r = results[def.name];
		const why = verdict(def, r);
		const head = `${why ? 'FAIL' : 'PASS'} ${def.name.padEnd(8)} ${def.mode.padEnd(9)}`;
		if (!r) return `${head} ${why}`;
		return `${head} expected ${r.expected.length} [${fmt(r.expected)}], got ${r.got ? r.got.length : 'n/a'} [${fmt(r.got)}] in ${(r.ms / 1000).toFixed(0)} s${why ? ` (${why})` : ''}`;
	});
	const summary = `${lines.map((l) => `[durability] ${l}`).join('\n')}\n[durability] ${selected.length} scenarios side by side took ${((Date.now() - started) / 1000).toFixed(0)} s\n`;
	process.stderr.write(`\n${summary}`);
	fs.mkdirSync(ARTIFACTS, { recursive: true });
	fs.writeFileSync(path.join(ARTIFACTS, 'summary.txt'), summary);
	fs.writeFileSync(path.join(ARTIFACTS, 'results.json'), JSON.stringify(Object.values(results), null, 2));
});

describe.each(selected.map((def) => [def.name, def]))('scenario %s', (name, def) => {
	test(`${def.mode}: ${def.title} -> exactly ${def.expected({ device: 'X' }).length} event(s)`, () => {
		const r = results[name];
		expect(r).toBeDefined();
		const trail = `\n${name} (${def.mode}) trail:\n${r.trail.join('\n')}`;
		if (r.error) throw new Error(`${name} did not complete: ${r.error}${trail}`);
		// The n8n poll mode is really the one the scenario names (a misconfigured env must not pass).
		checkMode(def.mode, r.db);
		expect(r.failedExecutions).toEqual([]);
		expect({ events: r.got, trail }).toEqual({ events: r.expected, trail });
	});
});
