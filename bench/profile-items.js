'use strict';
/**
 * Why is one operation per item slower or faster than the HTTP Request node? Runs `device.changeGroup`
 * on N items with several limiter widths (the credential's Max Concurrent Requests, a hard cap on the
 * adaptive account limiter; 0 = adaptive up to 64) and the HTTP Request node for comparison.
 *
 *   node bench/profile-items.js [--items 1000] [--runs 5] [--widths 1,2,4,8,16,0] [--http]
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof bench/profile-items.js --widths 4 --runs 3
 */
const { performance } = require('perf_hooks');
const { runNode, loadPackage } = require('../test/helpers/engine');
const { startSandboxProcess } = require('./sandbox-process');

const args = process.argv.slice(2);
const opt = (name, dflt) => {
	const k = args.indexOf(`--${name}`);
	return k >= 0 ? args[k + 1] : dflt;
};
const ITEMS = Number(opt('items', 1000));
const RUNS = Number(opt('runs', 5));
const WIDTHS = opt('widths', '1,2,4,8,16,0').split(',').map(Number);
const WITH_HTTP = args.includes('--http');

const median = (xs) => {
	const s = [...xs].sort((a, b) => a - b);
	const m = Math.floor(s.length / 2);
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function main() {
	await loadPackage();
	let width = 0;
	const sandbox = await startSandboxProcess({ devices: ITEMS });
	const ids = (await sandbox.devices(ITEMS)).map((d) => ({ UnitId: d.UnitId }));
	// device.changeGroup on every item, with the Device given as `value` (an expression or a fixed ID).
	const changeGroup = (value) => () =>
		runNode({
			sandbox,
			items: ids,
			credentials: { maxConcurrentRequests: width },
			parameters: { resource: 'device', operation: 'changeGroup', deviceId: { __rl: true, mode: 'id', value }, group: 'Bench' },
		});
	const ours = changeGroup('={{ $json.UnitId }}');
	const cpu = [];
	const time = async (fn) => {
		const t0 = performance.now();
		const c0 = process.cpuUsage();
		const r = await fn();
		const c = process.cpuUsage(c0);
		if (r.error) throw r.error;
		cpu.push((c.user + c.system) / 1000);
		return performance.now() - t0;
	};
	const rows = [];
	try {
		let http;
		if (WITH_HTTP) {
			const { loadHttpRequestNode, HTTP_REQUEST_TYPE } = require('./http-request-node');
			http = loadHttpRequestNode();
			const theirs = () =>
				runNode({
					sandbox,
					items: ids,
					nodeType: HTTP_REQUEST_TYPE,
					nodeVersion: http.typeVersion,
					extraNodeTypes: { [HTTP_REQUEST_TYPE]: http.type },
					node: { name: 'HTTP Request', credentials: undefined },
					parameters: {
						method: 'POST',
						url: `${sandbox.baseUrl}/ChangeGroup`,
						authentication: 'none',
						sendHeaders: true,
						headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${sandbox.token}` }] },
						sendBody: true,
						contentType: 'json',
						specifyBody: 'json',
						jsonBody: '={"UnitId": "{{ $json.UnitId }}", "Group": "Bench"}',
						options: {},
					},
				});
			await time(theirs);
			const ms = [];
			for (let r = 0; r < RUNS; r++) ms.push(await time(theirs));
			rows.push({ node: 'HTTP Request', width: 'all', msPerItem: +(median(ms) / ITEMS).toFixed(3), cpuMsPerItem: +(median(cpu.slice(-RUNS)) / ITEMS).toFixed(3) });
		}
		// Variants of our node type, in memory only, to find where per-item time goes.
		const loader = await loadPackage();
		const base = loader.nodeTypes.remoteIot.type;
		const variant = (filter) => {
			const type = Object.create(base);
			type.description = { ...base.description, properties: base.description.properties.filter(filter) };
			return type;
		};
		const changeGroupOnly = (p) => {
			const show = p.displayOptions?.show;
			if (!show) return true;
			if (show.resource && !show.resource.includes('device')) return false;
			if (show.operation && !show.operation.includes('changeGroup')) return false;
			return true;
		};
		const variants = {
			'without Job → Get Many\'s own deviceId': variant((p) => !(p.name === 'deviceId' && p.required === false)),
			'only the properties of device.changeGroup': variant(changeGroupOnly),
		};
		width = WIDTHS[0];
		for (const [label, type] of Object.entries(variants)) {
			const run = () =>
				runNode({
					sandbox,
					items: ids,
					credentials: { maxConcurrentRequests: width },
					nodeType: 'bench.variant',
					extraNodeTypes: { 'bench.variant': type },
					parameters: {
						resource: 'device',
						operation: 'changeGroup',
						deviceId: { __rl: true, mode: 'id', value: '={{ $json.UnitId }}' },
						group: 'Bench',
					},
				});
			await time(run);
			const ms = [];
			for (let r = 0; r < RUNS; r++) ms.push(await time(run));
			rows.push({ node: `RemoteIoT, ${label} (${type.description.properties.length} properties)`, width: WIDTHS[0], msPerItem: +(median(ms) / ITEMS).toFixed(3), cpuMsPerItem: +(median(cpu.slice(-RUNS)) / ITEMS).toFixed(3) });
		}
		const staticId = changeGroup(ids[0].UnitId);
		await time(staticId);
		{
			const ms = [];
			for (let r = 0; r < RUNS; r++) ms.push(await time(staticId));
			rows.push({ node: 'RemoteIoT, fixed deviceId (no expression)', width: WIDTHS[0], msPerItem: +(median(ms) / ITEMS).toFixed(3), cpuMsPerItem: +(median(cpu.slice(-RUNS)) / ITEMS).toFixed(3) });
		}
		for (width of WIDTHS) {
			await time(ours);
			const ms = [];
			for (let r = 0; r < RUNS; r++) ms.push(await time(ours));
			rows.push({ node: 'RemoteIoT', width, msPerItem: +(median(ms) / ITEMS).toFixed(3), cpuMsPerItem: +(median(cpu.slice(-RUNS)) / ITEMS).toFixed(3) });
		}
	} finally {
		await sandbox.stop();
	}
	console.table(rows);
}

main().then(
	() => process.exit(0),
	(e) => {
		console.error(e);
		process.exit(1);
	},
);
