'use strict';
/**
 * The benchmark's sandbox in its own process, so that the engine under test does not share its event
 * loop (and its CPU time) with the server: the RemoteIoT API is remote in real life. The parent talks to
 * it over IPC: start({ devices, rate, latencyMs, jitterMs, jobDelayMs }), stats(), clearRequests(),
 * setStatus(id, status), devices(n), setRate(rate), setLatency(ms, jitter), stop().
 */
const path = require('path');
const { fork } = require('child_process');

if (require.main === module) {
	const { createSandbox } = require('../sandbox/server');
	let sandbox;
	const ops = {
		async start({ devices, ...options }) {
			// Keep few request records: the benchmark reads only the counters (stats()).
			sandbox = createSandbox({ devices, maxRequests: 100, ...options });
			return await sandbox.start();
		},
		stats: () => sandbox.control.stats(),
		clearRequests: () => sandbox.control.clearRequests(),
		setRate: ({ rate }) => {
			sandbox.control.setRate(rate);
			return true;
		},
		setLatency: ({ latencyMs, jitterMs }) => {
			sandbox.control.setLatency(latencyMs, jitterMs);
			return true;
		},
		setStatus: ({ id, status }) => {
			sandbox.fleet.setStatus(id, status);
			return true;
		},
		devices: ({ n }) => sandbox.fleet.devices.slice(0, n).map((d) => ({ UnitId: d.UnitId, Status: d.Status })),
		async stop() {
			await sandbox.stop();
			setImmediate(() => process.exit(0));
			return true;
		},
	};
	process.on('message', async ({ id, op, args }) => {
		try {
			process.send({ id, result: await ops[op](args || {}) });
		} catch (error) {
			process.send({ id, error: String(error && error.stack ? error.stack : error) });
		}
	});
	process.on('disconnect', () => process.exit(0));
} else {
	/**
	 * Starts a sandbox with `devices` devices (and any createSandbox option: rate, latencyMs, jitterMs,
	 * jobDelayMs) in a child process; returns { baseUrl, token, ...controls }.
	 */
	module.exports.startSandboxProcess = async function startSandboxProcess({ devices, ...options }) {
		const child = fork(path.join(__dirname, 'sandbox-process.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
		let next = 0;
		const pending = new Map();
		child.on('message', ({ id, result, error }) => {
			const p = pending.get(id);
			pending.delete(id);
			if (error) p.reject(new Error(error));
			else p.resolve(result);
		});
		child.on('exit', (code) => {
			for (const p of pending.values()) p.reject(new Error(`sandbox process exited (${code})`));
			pending.clear();
		});
		const call = (op, args) =>
			new Promise((resolve, reject) => {
				const id = ++next;
				pending.set(id, { resolve, reject });
				child.send({ id, op, args });
			});
		const { baseUrl, token } = await call('start', { devices, ...options });
		return {
			baseUrl,
			token,
			pid: child.pid,
			stats: () => call('stats'),
			clearRequests: () => call('clearRequests'),
			setRate: (rate) => call('setRate', { rate }),
			setLatency: (latencyMs, jitterMs = 0) => call('setLatency', { latencyMs, jitterMs }),
			setStatus: (id, status) => call('setStatus', { id, status }),
			devices: (n) => call('devices', { n }),
			stop: () => call('stop').catch(() => undefined),
		};
	};
}
