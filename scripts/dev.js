#!/usr/bin/env node
'use strict';
// npm run dev: a real n8n 2.x with this package, against a local RemoteIoT sandbox fleet.
// Builds the package (in a temporary copy, ./dist is left alone), packs it, installs the tarball into a
// throwaway n8n user folder as n8n's community-package installer does, starts the sandbox and n8n,
// sets up the owner, a "RemoteIoT sandbox" credential and the example workflows, then prints the
// editor URL and the login. Ctrl-C stops everything it started and removes the throwaway folder.
// Options: --port 5678 (n8n), --sandbox-port 8089, --devices 50, --keep (keep the user folder), --no-examples,
//   --rate N (the sandbox refuses more than N requests per second per token with 403 + Retry-After),
//   --burst N (its token bucket, default N), --latency MS and --jitter MS (every sandbox answer is delayed).
const { startStack } = require('./n8n-server');
const { unitIdOf } = require('../sandbox/fleet');
const { parseArgs: args } = require('../sandbox/util');


async function portIsFree(port) {
	const net = require('net');
	return new Promise((resolve) => {
		const srv = net.createServer();
		srv.once('error', () => resolve(false));
		srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
	});
}

/** The sandbox's network and rate-limit flags (validated: a typo must not start an unlimited sandbox). */
function sandboxOptions(a) {
	const out = {};
	for (const [flag, option] of [['rate', 'rate'], ['burst', 'burst'], ['latency', 'latencyMs'], ['jitter', 'jitterMs']]) {
		if (a[flag] === undefined) continue;
		const value = Number(a[flag]);
		if (!(value >= 0)) throw new Error(`--${flag} must be a number of at least 0, not ${a[flag]}`);
		out[option] = value;
	}
	return out;
}

async function main() {
	const a = args(process.argv.slice(2));
	const wanted = Number(a.port || process.env.N8N_DEV_PORT || 5678);
	const sandboxWanted = Number(a['sandbox-port'] || process.env.SANDBOX_PORT || 8089);
	const started = Date.now();
	console.log('Preparing n8n (cached after the first run), building and packing n8n-nodes-remoteiot...');
	const stack = await startStack({
		port: (await portIsFree(wanted)) ? wanted : undefined,
		sandboxPort: (await portIsFree(sandboxWanted)) ? sandboxWanted : undefined,
		devices: Number(a.devices || 50),
		sandbox: sandboxOptions(a),
		examples: a['no-examples'] !== 'true',
		keepUserFolder: a.keep === 'true',
	});
	const { sandbox, server, owner, credential, examples, userFolder } = stack;

	let stopping = false;
	const shutdown = async (signal) => {
		if (stopping) return;
		stopping = true;
		console.log(`\n${signal}: stopping n8n and the sandbox...`);
		await stack.stop();
		console.log(a.keep === 'true' ? `Kept ${userFolder}` : 'Stopped.');
		process.exit(0);
	};
	process.on('SIGINT', () => shutdown('SIGINT'));
	process.on('SIGTERM', () => shutdown('SIGTERM'));
	server.process.on('exit', (code, sig) => {
		if (!stopping) {
			console.error(`n8n exited (${code ?? sig}); see ${server.logFile}`);
			shutdown('n8n exit');
		}
	});

	const control = `${sandbox.baseUrl.replace(/\/portal\/api$/, '')}/__sandbox`;
	const device1 = unitIdOf(1);
	console.log(`
n8n ${stack.n8n.version} with n8n-nodes-remoteiot is ready (${((Date.now() - started) / 1000).toFixed(0)} s)

  Editor:    ${server.url}
  Login:     ${owner.email} / ${owner.password}
  Credential "${credential.name}" (RemoteIoT API) points at the sandbox.
  Examples:  ${Object.keys(examples).join(', ') || '(none)'}

  RemoteIoT sandbox: ${sandbox.baseUrl}  (${sandbox.fleet.devices.length} devices${a.rate ? `, ${a.rate} requests/s per token` : ''}${a.latency ? `, ${a.latency} ms latency` : ''}, token below)
  Access token: ${sandbox.token}
  n8n log: ${server.logFile}

Make things happen in the sandbox (for the triggers):
  curl -s -X POST ${control}/status -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
       -d '{"UnitId":"${device1}","Status":"Offline"}'
  curl -s -X POST ${control}/log -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
       -d '{"UnitId":"${device1}","File":"System error","Lines":["No space left on device"]}'
  (TOKEN=<the access token above>; polling triggers run at most once a minute once the workflow is active)

Press Ctrl-C to stop everything.`);
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
