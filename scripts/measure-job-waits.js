#!/usr/bin/env node
/**
 * Measures the shared job watcher in the real engine (n8n-core) against the in-process sandbox:
 * N items of Job → Create with Wait for Completion, jobs that take JOB_MS, every answer delayed by
 * LATENCY_MS (an injected delay on every request). Prints wall time and request counts.
 * Usage: npm run build && node scripts/measure-job-waits.js [items=100] [jobMs=10000] [latencyMs=100] [devices=items]
 */
const { loadPackage, runNode } = require('../test/helpers/engine');
const { createSandbox } = require('../sandbox/server');

const [items = 100, jobMs = 10000, latencyMs = 100, devices = items] = process.argv.slice(2).map(Number);
const unitId = (i) => String(88880000 + i).padStart(16, '0');

(async () => {
	const sandbox = createSandbox({ devices: Math.max(items, 1), jobDelayMs: jobMs });
	const api = await sandbox.start();
	try {
		await loadPackage();
		if (latencyMs > 0) sandbox.control.injectFaults({ delayMs: latencyMs, times: 1e9 });
		const started = Date.now();
		const { json, error } = await runNode({
			sandbox: api,
			items: Array.from({ length: items }, (_, n) => ({ id: unitId(n % devices), n })),
			parameters: {
				resource: 'job',
				operation: 'create',
				deviceId: '={{ $json.id }}',
				jobName: 'Measure',
				commandType: 'command',
				command: '={{ "echo " + $json.n }}',
				options: { waitForCompletion: true, timeout: 120 },
			},
		});
		const wallMs = Date.now() - started;
		const count = (path) => sandbox.control.requestsTo(path).length;
		const log = sandbox.control.requests;
		const at = (path) => log.filter((r) => r.path === path).map((r) => r.at - started);
		const submits = at('submitjob');
		const lastSubmitMs = submits[submits.length - 1];
		const listjobAtMs = at('listjob');
		const executed = json.filter((job) => job.Status === 'Executed').length;
		console.log(
			JSON.stringify({ items, devices, jobMs, latencyMs, wallMs, executed, error: error?.message, listjob: count('listjob'), submitjob: count('submitjob'), lastSubmitMs, listjobAtMs }),
		);
	} finally {
		await sandbox.stop();
	}
})();
