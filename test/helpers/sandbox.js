/** Starts a sandbox RemoteIoT server for one test file and hands out its connection details. */
const fs = require('fs');
const path = require('path');
const { createSandbox } = require('../../sandbox/server');

/** Forgets every idle account limiter of the built package (the nodes and the tests share its modules). */
function forgetAccounts() {
	const limiter = path.join(__dirname, '..', '..', 'dist', 'nodes', 'RemoteIot', 'shared', 'limiter.js');
	if (fs.existsSync(limiter)) require(limiter).forgetIdleLimiters(Date.now() + 24 * 3600 * 1000);
}

function useSandbox(options = {}) {
	const ctx = { sandbox: undefined, api: undefined };
	beforeAll(async () => {
		ctx.sandbox = createSandbox({ devices: 30, ...options });
		ctx.api = await ctx.sandbox.start();
	});
	afterAll(async () => {
		await ctx.sandbox?.stop();
	});
	beforeEach(() => {
		ctx.sandbox.control.clearRequests();
		ctx.sandbox.control.clearFaults?.();
		// Every test starts with a fresh account limiter: what an earlier test taught it (a halved width,
		// a learned rate) must not slow this one down.
		forgetAccounts();
	});
	return ctx;
}

/** UnitId of the i-th seeded device (0-based). */
const unitId = (i) => String(88880000 + i).padStart(16, '0');
const rl = (mode, value) => ({ __rl: true, mode, value });

module.exports = { forgetAccounts, useSandbox, unitId, rl };
