#!/usr/bin/env node
/**
 * The demo: starts the sandbox RemoteIoT API with a seeded fleet, then runs the built RemoteIoT node
 * inside n8n's real engine (n8n-core's WorkflowExecute, as n8n runs it) to read the fleet's status,
 * and prints it. Usage: npm run demo [-- --devices 50]
 */
const { createSandbox } = require('../sandbox/server');
const { runNode } = require('../test/helpers/engine');

const arg = (name, fallback) => {
	const at = process.argv.indexOf(`--${name}`);
	return at > 0 ? process.argv[at + 1] : fallback;
};

async function main() {
	const devices = Number(arg('devices', 24));
	const sandbox = createSandbox({ devices });
	const api = await sandbox.start();
	console.log(`RemoteIoT sandbox: ${api.baseUrl} (${devices} devices)`);
	try {
		const list = await runNode({
			sandbox: api,
			parameters: { resource: 'device', operation: 'getAll', returnAll: true },
		});
		if (list.error) throw list.error;
		const status = await runNode({
			sandbox: api,
			parameters: { resource: 'device', operation: 'getStatus', deviceIds: '' },
		});
		if (status.error) throw status.error;
		const byId = new Map(list.json.map((device) => [device.UnitId, device]));
		console.log('\nWorkflow run in the n8n engine: RemoteIoT → Device → Get Status (whole fleet)\n');
		const rows = status.json.map((s) => ({
			UnitId: s.UnitId,
			Name: byId.get(s.UnitId)?.Name ?? '',
			Group: byId.get(s.UnitId)?.Group ?? '',
			Status: s.Status,
			'Last online': s.LastOnlineTime,
		}));
		const columns = Object.keys(rows[0] ?? {});
		const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
		const line = (r) => columns.map((c, i) => String(r[c]).padEnd(widths[i])).join('  ');
		console.log(line(Object.fromEntries(columns.map((c) => [c, c]))));
		console.log(widths.map((w) => '-'.repeat(w)).join('  '));
		for (const row of rows) console.log(line(row));
		const online = rows.filter((r) => r.Status === 'Online').length;
		const stats = sandbox.control.stats();
		console.log(
			`\n${online} online, ${rows.length - online} offline. RemoteIoT requests: ${stats.total} (${Object.entries(stats.byPath)
				.map(([path, n]) => `${path} ×${n}`)
				.join(', ')})`,
		);
	} finally {
		await sandbox.stop();
	}
}

main().catch((error) => {
	console.error(`Demo failed: ${error.message}`);
	process.exit(1);
});
