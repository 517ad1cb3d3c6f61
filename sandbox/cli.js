#!/usr/bin/env node
'use strict';
// Starts the RemoteIoT sandbox: node sandbox/cli.js [--port 8089] [--devices 50] [--token X] [--rate N] [--seed N]
// Env: SANDBOX_PORT, SANDBOX_DEVICES, SANDBOX_TOKEN, SANDBOX_SEED. --rate N = rate limit of N requests per minute.
const { createSandbox } = require('./server');
const { parseArgs: args } = require('./util');


async function main() {
	const a = args(process.argv.slice(2));
	const env = process.env;
	const int = (v, d) => (v === undefined || v === '' ? d : Number.parseInt(v, 10));
	const rate = int(a.rate, undefined);
	const sandbox = createSandbox({
		port: int(a.port ?? env.SANDBOX_PORT, 8089),
		devices: int(a.devices ?? env.SANDBOX_DEVICES, 50),
		seed: int(a.seed ?? env.SANDBOX_SEED, 1),
		token: a.token ?? (env.SANDBOX_TOKEN || undefined),
		rateLimit: rate ? { max: rate, windowMs: 60000 } : null,
	});
	const { baseUrl, token } = await sandbox.start();
	console.log('RemoteIoT sandbox listening');
	console.log(`Base URL: ${baseUrl}`);
	console.log(`Access token: ${token}`);
	console.log(`Devices: ${sandbox.fleet.devices.length}${rate ? `, rate limit ${rate}/min` : ''}`);
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
