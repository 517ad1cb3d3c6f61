/** Starts a sandbox RemoteIoT server for one test file and hands out its connection details. */
const { createSandbox } = require('../../sandbox/server');

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
	});
	return ctx;
}

/** UnitId of the i-th seeded device (0-based). */
const unitId = (i) => String(88880000 + i).padStart(16, '0');
const rl = (mode, value) => ({ __rl: true, mode, value });

module.exports = { useSandbox, unitId, rl };
