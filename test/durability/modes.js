'use strict';
// Proves which poll mode an n8n really ran in, from its own SQLite database (read after the scenario with
// n8n's own sqlite3 under n8n's Node 24): the durable scheduler provisions `scheduled_job` rows for the
// poll trigger, durable cursors keep the trigger's cursor in `poller_state`; the legacy mode has neither.
// n8n 2.41 logs these only at debug level, and a misspelt variable is silently ignored: the database is
// the reliable witness.
const path = require('path');
const { execFileSync } = require('child_process');
const { paths } = require('../../scripts/n8n-server');

const QUERY = `
const sqlite3 = require(process.argv[1]);
const db = new sqlite3.Database(process.argv[2], sqlite3.OPEN_READONLY);
const all = (sql) => new Promise((res, rej) => db.all(sql, (e, rows) => (e ? rej(e) : res(rows))));
(async () => {
  const tables = (await all("SELECT name FROM sqlite_master WHERE type='table'")).map((r) => r.name);
  const out = { tables: tables.length };
  for (const t of ['scheduled_job', 'poller_state']) out[t] = tables.includes(t) ? await all('SELECT * FROM ' + t) : null;
  out.workflows = await all('SELECT id, active, staticData FROM workflow_entity');
  process.stdout.write(JSON.stringify(out));
  db.close();
})().catch((e) => { console.error(e.message); process.exit(1); });
`;

/** { scheduledJobs, pollerState, staticData } of one workflow in a stopped (or running) n8n's database. */
function readDb(n8nDir, userFolder, workflowId) {
	const n8n = paths(n8nDir);
	const sqlite3 = require.resolve('sqlite3', { paths: [path.join(n8nDir, 'node_modules', 'n8n')] });
	const out = execFileSync(n8n.node, ['-e', QUERY, sqlite3, path.join(userFolder, '.n8n', 'database.sqlite')], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const db = JSON.parse(out);
	const mine = (rows) => (rows || []).filter((row) => JSON.stringify(row).includes(String(workflowId)));
	const wf = db.workflows.find((w) => String(w.id) === String(workflowId));
	return {
		scheduledJobs: mine(db.scheduled_job).length,
		pollerState: mine(db.poller_state).length,
		tables: { scheduled_job: db.scheduled_job !== null, poller_state: db.poller_state !== null },
		staticData: wf ? wf.staticData : undefined,
		cursors: mine(db.poller_state),
	};
}

/** What each mode must show in the database. */
const EXPECTED = {
	default: { scheduler: false, cursors: false },
	scheduler: { scheduler: true, cursors: false },
	cursors: { scheduler: true, cursors: true },
};

/** Throws unless the database shows the mode. */
function checkMode(mode, db) {
	if (!db) throw new Error(`No database reading for mode ${mode}`);
	const want = EXPECTED[mode];
	const seen = { scheduler: db.scheduledJobs > 0, cursors: db.pollerState > 0 };
	if (seen.scheduler !== want.scheduler || seen.cursors !== want.cursors) {
		throw new Error(
			`n8n did not run in the "${mode}" poll mode: ${db.scheduledJobs} scheduled_job row(s) and ${db.pollerState} poller_state row(s) for the workflow (expected ${want.scheduler ? 'some' : 'none'} and ${want.cursors ? 'some' : 'none'})`,
		);
	}
}

module.exports = { readDb, checkMode };
