'use strict';
// Work shared by the items of one execution, inside a real n8n 2.x server: a Code node makes 30 items,
// the RemoteIoT node waits for 30 jobs on 30 devices with one listjob per round, then picks one device by
// name for 30 items with one GetDevice. Request counts come from the sandbox's log.
const { startE2eStack, unitId, byName, remoteIot, node, runChain } = require('./helpers');

const ITEMS = 30;
let stack;

beforeAll(async () => {
	stack = await startE2eStack({ devices: 40, sandbox: { jobDelayMs: 2000 } });
}, 240000);

afterAll(async () => {
	if (stack) await stack.stop();
});

const requests = (path) => stack.sandbox.control.requestsTo(path);
const items = (code) => node('Items', 'n8n-nodes-base.code', 2, { jsCode: code });

test('30 job waits in one execution: one listjob per round for all of them, each item its own job', async () => {
	stack.sandbox.control.clearRequests();
	const ex = await runChain(stack, 'e2e shared job waits', [
		items(`return Array.from({ length: ${ITEMS} }, (_, n) => ({ json: { id: String(88880000 + n).padStart(16, '0'), n } }));`),
		remoteIot('Jobs', {
			resource: 'job',
			operation: 'create',
			deviceId: '={{ $json.id }}',
			jobName: 'e2e-shared',
			commandType: 'command',
			command: '={{ "echo " + $json.n }}',
			options: { waitForCompletion: true, timeout: 60 },
		}),
	]);
	const out = ex.output('Jobs');
	expect(out).toHaveLength(ITEMS);
	out.forEach((job, n) => expect(job).toMatchObject({ UnitId: unitId(n), Status: 'Executed', Result: `${n}\n` }));
	expect(requests('submitjob')).toHaveLength(ITEMS);
	expect(requests('listjob').length).toBeLessThanOrEqual(15);
	expect(requests('listjob').every((r) => r.body.UnitId === '')).toBe(true);
});

test('30 items picking one device by name: one GetDevice per execution', async () => {
	stack.sandbox.control.clearRequests();
	const job = remoteIot('Submit', {
		resource: 'job',
		operation: 'create',
		deviceId: byName('Raspberry pi 00005'),
		jobName: 'e2e-by-name',
		commandType: 'command',
		command: 'ls',
	});
	const ex = await runChain(stack, 'e2e shared look-up', [items(`return Array.from({ length: ${ITEMS} }, (_, n) => ({ json: { n } }));`), job]);
	expect(ex.output('Submit')).toHaveLength(ITEMS);
	expect(requests('GetDevice')).toHaveLength(1);
	expect(requests('submitjob').every((r) => r.body.UnitId === unitId(4))).toBe(true);
});
