/**
 * The access token must never appear in an output item, an error (message, description, or anything
 * the error object carries) or a log line: every operation, in success and in every failure mode.
 */
const path = require('path');
const util = require('util');
const { runNode, createTrigger } = require('../helpers/engine');
const { createSandbox } = require('../../sandbox/server');
const { operations, unitId } = require('../helpers/operations');

const corePath = require.resolve('n8n-core');
const { Container } = require(require.resolve('@n8n/di', { paths: [path.dirname(corePath)] }));
const { Logger } = require(require.resolve('@n8n/backend-common', { paths: [path.dirname(corePath)] }));

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXRva2VuLWZvci10ZXN0cw.S3cr3tSignatureThatMustNotLeak';
const WRONG = 'eyJhbGciOiJIUzI1NiJ9.d3JvbmctdG9rZW4.WrongTokenSignatureMustNotLeakEither';

let sandbox;
let api;
const logged = [];
const spies = [];

beforeAll(async () => {
	sandbox = createSandbox({ devices: 12, token: TOKEN, jobDelayMs: 50, speedTestDelayMs: 50 });
	api = await sandbox.start();
	const logger = Container.get(Logger);
	for (const level of ['error', 'warn', 'info']) {
		try {
			spies.push(jest.spyOn(logger, level).mockImplementation((...args) => logged.push(util.inspect(args, { depth: 6 }))));
		} catch {
			// Some levels are read-only (bound no-ops when the log level is above them): nothing is logged there.
		}
	}
	for (const level of ['log', 'error', 'warn', 'info']) {
		spies.push(jest.spyOn(console, level).mockImplementation((...args) => logged.push(util.inspect(args, { depth: 6 }))));
	}
});

afterAll(async () => {
	for (const spy of spies) spy.mockRestore();
	await sandbox.stop();
});

/** Everything a run exposes: items, the error with all it carries, and what was logged. */
function exposed(result) {
	return [
		util.inspect(result.items, { depth: 10 }),
		result.error ? util.inspect(result.error, { depth: 8, showHidden: false }) : '',
		result.error ? `${result.error.message} ${result.error.description ?? ''}` : '',
		result.error ? JSON.stringify(result.error, (key, value) => (key === 'node' ? undefined : value)) ?? '' : '',
		...logged.splice(0),
	].join('\n');
}

function expectClean(text) {
	expect(text).not.toContain(TOKEN);
	expect(text).not.toContain(WRONG);
	expect(text).not.toContain('S3cr3tSignature');
	expect(text).not.toContain('WrongTokenSignature');
}

const run = (op, extra = {}) => runNode({ sandbox: api, parameters: op.parameters, items: op.items, ...extra });

describe.each(operations.map((op) => [op.name, op]))('%s', (_name, op) => {
	test('success', async () => {
		const result = await run(op);
		expect(result.error).toBeUndefined();
		expectClean(exposed(result));
	});

	test.each([
		['wrong token (401)', { credentials: { accessToken: WRONG } }],
		['404', { fault: { status: 404 } }],
		['500', { fault: { status: 500 } }],
		['400', { fault: { status: 400 } }],
		['malformed body', { fault: { malformed: true } }],
		['connection reset', { fault: { reset: true } }],
		['unreachable server', { credentials: { baseUrl: 'http://127.0.0.1:9/portal/api' } }],
	])('%s', async (_mode, { fault, credentials }) => {
		if (fault) sandbox.control.injectFaults({ ...fault, times: 20 });
		try {
			const result = await run(op, { credentials });
			expectClean(exposed(result));
			const failed = await run(op, { credentials, continueOnFail: true });
			expectClean(exposed(failed));
		} finally {
			sandbox.control.clearFaults();
		}
	});
});

test('rate limited and in maintenance for good (403 and 503 after every retry)', async () => {
	for (const status of [403, 503]) {
		sandbox.control.injectFaults({ status, times: 5 });
		const result = await runNode({ sandbox: api, parameters: operations[0].parameters });
		expect(result.error.httpCode).toBe(String(status));
		expectClean(exposed(result));
	}
}, 40000);

test('the trigger: polls, failures and manual mode', async () => {
	const trigger = await createTrigger({
		sandbox: api,
		parameters: { events: ['deviceOnline', 'deviceOffline', 'newLogLines', 'jobFinished'], deviceIds: `${unitId(1)},${unitId(2)}`, logFile: 'System error' },
	});
	let text = util.inspect(await trigger.poll(), { depth: 8 });
	sandbox.fleet.setStatus(unitId(1), 'Offline');
	sandbox.fleet.appendLog(unitId(1), 'System error', ['kernel: oops']);
	text += util.inspect(await trigger.poll(), { depth: 8 });
	text += util.inspect(await trigger.poll({ mode: 'manual' }), { depth: 8 });
	for (const fault of [{ status: 401 }, { status: 500 }, { malformed: true }, { status: 500, path: 'log' }]) {
		sandbox.control.injectFaults(fault);
		try {
			text += util.inspect(await trigger.poll(), { depth: 8 });
		} catch (error) {
			text += util.inspect(error, { depth: 8 }) + error.message + (error.description ?? '');
		}
	}
	const wrong = await createTrigger({ sandbox: api, parameters: { events: ['deviceOffline'] }, credentials: { accessToken: WRONG } });
	await wrong.poll().catch((error) => {
		text += util.inspect(error, { depth: 8 }) + error.message + (error.description ?? '');
	});
	expectClean(text + logged.splice(0).join('\n'));
});
