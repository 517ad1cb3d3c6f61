#!/usr/bin/env node
'use strict';
// Starts the RemoteIoT sandbox:
//   node sandbox/cli.js [--port 8089] [--devices 50] [--token X] [--seed N]
//                       [--rate N] [--burst N] [--latency MS] [--jitter MS] [--job-delay MS] [--speed-test-delay MS]
// --rate N: at most N requests per SECOND per access token (a token bucket of --burst requests, default N);
//   beyond it the sandbox answers 403 with Retry-After, as RemoteIoT does. --latency MS (± --jitter MS):
//   every API answer is delayed, as over a real network. Env: SANDBOX_PORT, SANDBOX_DEVICES, SANDBOX_TOKEN,
//   SANDBOX_SEED, SANDBOX_RATE, SANDBOX_LATENCY, SANDBOX_JITTER.
const { createSandbox } = require('./server');
const { parseArgs: args } = require('./util');


async function main() {
	const a = args(process.argv.slice(2));
	const env = process.env;
	const int = (v, d) => (v === undefined || v === '' ? d : Number.parseInt(v, 10));
	const num = (v, d) => (v === undefined || v === '' ? d : Number(v));
	const rate = num(a.rate ?? env.SANDBOX_RATE, undefined);
	const latencyMs = num(a.latency ?? env.SANDBOX_LATENCY, 0);
	const jitterMs = num(a.jitter ?? env.SANDBOX_JITTER, 0);
	for (const [name, value] of Object.entries({ rate, burst: num(a.burst, undefined), latency: latencyMs, jitter: jitterMs })) {
		if (value !== undefined && !(value >= 0)) throw new Error(`--${name} must be a number of at least 0, not ${value}`);
	}
	const sandbox = createSandbox({
		port: int(a.port ?? env.SANDBOX_PORT, 8089),
		devices: int(a.devices ?? env.SANDBOX_DEVICES, 50),
		seed: int(a.seed ?? env.SANDBOX_SEED, 1),
		token: a.token ?? (env.SANDBOX_TOKEN || undefined),
		rate: rate || null,
		burst: num(a.burst, undefined),
		latencyMs,
		jitterMs,
		jobDelayMs: num(a['job-delay'], 2000),
		speedTestDelayMs: num(a['speed-test-delay'], 3000),
	});
	const { baseUrl, token } = await sandbox.start();
	console.log('RemoteIoT sandbox listening');
	console.log(`Base URL: ${baseUrl}`);
	console.log(`Access token: ${token}`);
	const extras = [rate ? `rate limit ${rate} requests/s per token` : '', latencyMs || jitterMs ? `latency ${latencyMs} ± ${jitterMs} ms` : ''];
	console.log(`Devices: ${sandbox.fleet.devices.length}${extras.filter(Boolean).map((x) => `, ${x}`).join('')}`);
	const shutdown = () => {
		sandbox.stop().then(() => process.exit(0));
	};
	process.on('SIGINT', shutdown);
	process.on('SIGTERM', shutdown);
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
