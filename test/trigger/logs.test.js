/**
 * RemoteIoT Trigger's newLogLines against the sandbox's destructive log cursor: every line exactly
 * once and in order, across failures (also between the log fetch and the emit), restarts,
 * re-activation and manual mode.
 */
const { createTrigger, POLL_MODES, captureWarnings } = require('../helpers/engine');
const { createSandbox } = require('../../sandbox/server');

const unitId = (i) => String(88880000 + i).padStart(16, '0');
const FILE = 'System error';
const A = unitId(0);
const B = unitId(1);
const C = unitId(2);


const sandboxes = [];
afterAll(async () => {
	for (const sandbox of sandboxes) await sandbox.stop();
});

const warn = captureWarnings();

const json = (items) => items.map((item) => item.json);
const poll = async (trigger, options) => json(await trigger.poll(options));
const activate = async (trigger, options) => json(await trigger.activate(options));
const lines = (events) => events.filter((e) => e.event === 'newLogLines').map((e) => `${e.UnitId.slice(-1)}:${e.Line}`);

describe.each(POLL_MODES)('n8n poll mode %s', (pollMode) => {
async function setup({ devices = 20, parameters, credentials } = {}) {
	const sandbox = createSandbox({ devices });
	sandboxes.push(sandbox);
	const api = await sandbox.start();
	const trigger = await createTrigger({
		sandbox: api,
		parameters: { events: ['newLogLines'], deviceIds: `${A},${B},${C}`, logFile: FILE, ...parameters },
		credentials,
		pollMode,
	});
	return { sandbox, api, trigger, fleet: sandbox.fleet, control: sandbox.control };
}

describe('newLogLines', () => {
	test('skips the backlog at activation, then emits every line once, one item per line, in order', async () => {
		const { trigger, fleet, control } = await setup();
		fleet.appendLog(A, FILE, ['old 1', 'old 2']);
		expect(await activate(trigger)).toEqual([]);
		expect(control.requestsTo('log').map((r) => r.body.UnitId).sort()).toEqual([A, B, C]);

		fleet.appendLog(A, FILE, ['a1', 'a2']);
		fleet.appendLog(B, FILE, 'b1');
		fleet.appendLog(A, FILE, 'a3');
		fleet.appendLog(A, 'other file', 'ignored');
		const events = await poll(trigger);
		expect(events[0]).toEqual({
			event: 'newLogLines',
			UnitId: A,
			Name: 'Raspberry pi 00001',
			File: FILE,
			Line: 'a1',
			detectedAt: expect.any(String),
		});
		expect(lines(events)).toEqual(['0:a1', '0:a2', '0:a3', '1:b1']);
		expect(await poll(trigger)).toEqual([]);
	});

	test('log reads that get their turn after the deadline are not sent; those devices are read next poll', async () => {
		const five = [0, 1, 2, 3, 4].map(unitId);
		// One request at a time (the credential's cap), so the later reads get their slot after the deadline.
		const { trigger, fleet, control } = await setup({ parameters: { deviceIds: five.join(',') }, credentials: { maxConcurrentRequests: 1 } });
		await activate(trigger);
		for (const id of five) fleet.appendLog(id, FILE, [`${id.slice(-1)}-1`, `${id.slice(-1)}-2`]);
		control.clearRequests();
		trigger.pollBudgetMs = 1; // the log deadline is 80 % of it: passed before most reads get a slot
		const first = lines(await poll(trigger));
		expect(control.requestsTo('log').length).toBeLessThan(5);
		expect(warn().mock.calls.map((call) => call[0]).join('\n')).toMatch(/ran out of time: the logs of \d device\(s\) are read at the next poll/);
		trigger.pollBudgetMs = undefined;
		const second = lines(await poll(trigger));
		expect([...first, ...second].sort()).toEqual(five.flatMap((id) => [`${id.slice(-1)}:${id.slice(-1)}-1`, `${id.slice(-1)}:${id.slice(-1)}-2`]).sort());
		expect(await poll(trigger)).toEqual([]);
	});

	test('one Log text holding several lines becomes several items', async () => {
		const { trigger, fleet } = await setup();
		await activate(trigger);
		fleet.appendLog(C, FILE, 'x1\ny2\r\nz3\n');
		expect(lines(await poll(trigger))).toEqual(['2:x1', '2:y2', '2:z3']);
	});

	test('a log request failing after another succeeded: the poll returns what it has, the rest comes next poll', async () => {
		const { trigger, fleet, control, api } = await setup();
		await activate(trigger);
		fleet.appendLog(A, FILE, ['a1', 'a2']);
		fleet.appendLog(B, FILE, ['b1']);
		fleet.appendLog(C, FILE, ['c1']);
		fleet.setStatus(A, 'Offline');
		// The first log request fails, the others succeed: the poll must not throw (their cursors moved).
		control.injectFaults({ path: 'log', status: 500 });
		const first = lines(await poll(trigger));
		expect(first).toHaveLength(2);
		expect(warn()).toHaveBeenCalledTimes(1);
		const message = warn().mock.calls[0][0];
		expect(message).toMatch(/could not read the log "System error" of device \d{16}.*read again at the next poll/);
		expect(JSON.stringify(warn().mock.calls)).not.toContain(api.token);

		fleet.appendLog(B, FILE, ['b2']);
		const second = lines(await poll(trigger));
		expect([...first, ...second].sort()).toEqual(['0:a1', '0:a2', '1:b1', '1:b2', '2:c1']);
		expect(await poll(trigger)).toEqual([]);
	});

	test.each([
		['401', { status: 401 }],
		['403 (retried)', { status: 403 }],
		['403 five times', { status: 403, times: 5 }],
		['500', { status: 500 }],
		['503 (retried)', { status: 503 }],
		['malformed body', { malformed: true }],
		['connection reset', { reset: true }],
	])('log request failure: %s', async (_name, fault) => {
		const { trigger, fleet, control } = await setup({ parameters: { deviceIds: A } });
		await activate(trigger);
		fleet.appendLog(A, FILE, ['l1', 'l2']);
		control.injectFaults({ path: 'log', ...fault });
		const first = lines(await poll(trigger));
		const second = lines(await poll(trigger));
		expect([...first, ...second]).toEqual(['0:l1', '0:l2']);
	}, 30000);

	test('a failed baseline read is retried as a baseline (the backlog never leaks)', async () => {
		const { trigger, fleet, control } = await setup({ parameters: { deviceIds: A } });
		fleet.appendLog(A, FILE, ['backlog']);
		control.injectFaults({ path: 'log', status: 500 });
		expect(await activate(trigger)).toEqual([]);
		if (pollMode !== 'durableCursors') expect(trigger.staticData['node:RemoteIoT Trigger'].ld).toEqual({ [A]: 0 });
		expect(await poll(trigger)).toEqual([]);
		fleet.appendLog(A, FILE, ['fresh']);
		expect(lines(await poll(trigger))).toEqual(['0:fresh']);
	});

	test('failures before any log call throw and keep the state; other events and lines come with the next poll', async () => {
		const { trigger, fleet, control } = await setup({
			parameters: { events: ['newLogLines', 'deviceOffline'] },
		});
		await activate(trigger);
		fleet.appendLog(B, FILE, ['b1']);
		fleet.setStatus(B, 'Offline');
		control.clearRequests();
		control.injectFaults({ path: 'status', status: 500 });
		await expect(trigger.poll()).rejects.toThrow('RemoteIoT had an internal error');
		expect(control.requestsTo('log')).toHaveLength(0);
		const events = await poll(trigger);
		expect(events.map((e) => e.event)).toEqual(['deviceOffline', 'newLogLines']);
		expect(lines(events)).toEqual(['1:b1']);
	});

	test('restart with persisted static data and re-activation: nothing lost, nothing twice', async () => {
		const { trigger, fleet } = await setup();
		await activate(trigger);
		fleet.appendLog(A, FILE, 'a1');
		expect(lines(await poll(trigger))).toEqual(['0:a1']);
		fleet.appendLog(A, FILE, 'a2');
		const restarted = await trigger.restart(); // legacy: its activation poll ('init') reads a2
		await poll(restarted);
		expect(lines(json(trigger.emitted))).toEqual(['0:a1', '0:a2']);
		fleet.appendLog(B, FILE, 'b1');
		const reactivated = await restarted.update(restarted.node.parameters, { activate: false });
		expect(lines(await activate(reactivated))).toEqual(['1:b1']);
		expect(await poll(reactivated)).toEqual([]);
		expect(lines(json(trigger.emitted))).toEqual(['0:a1', '0:a2', '1:b1']);
	});

	test('manual mode never reads the log and never changes the state', async () => {
		const { trigger, fleet, control } = await setup();
		const manual = await poll(trigger, { mode: 'manual' });
		expect(manual).toEqual([
			expect.objectContaining({ event: 'newLogLines', UnitId: A, File: FILE, Line: expect.any(String), sample: true }),
		]);
		expect(trigger.staticData).toEqual({});
		await activate(trigger);
		await poll(trigger);
		const saved = JSON.stringify(trigger.staticData);
		fleet.appendLog(A, FILE, ['keep me']);
		control.clearRequests();
		await poll(trigger, { mode: 'manual' });
		expect(control.requestsTo('log')).toHaveLength(0);
		expect(JSON.stringify(trigger.staticData)).toBe(saved);
		expect(lines(await poll(trigger))).toEqual(['0:keep me']);
	});

	test('newly selected newLogLines or another log file starts with a baseline; a device joining later is read', async () => {
		const { trigger, fleet } = await setup({ parameters: { events: ['deviceAdded'] } });
		await activate(trigger);
		fleet.appendLog(A, FILE, 'before selection');
		const update = async (from, parameters) => {
			const next = await from.update(parameters, { activate: false });
			return { next, items: await activate(next, { activation: 'update' }) };
		};
		const withLogs = await update(trigger, { events: ['deviceAdded', 'newLogLines'], deviceIds: `${A},${B}`, logFile: FILE });
		expect(withLogs.items).toEqual([]);
		fleet.appendLog(A, FILE, 'a1');
		fleet.appendLog(C, FILE, 'c1 (joins later)');
		expect(lines(await poll(withLogs.next))).toEqual(['0:a1']);

		fleet.appendLog(A, 'kern', 'kern backlog');
		const otherFile = await update(withLogs.next, { events: ['deviceAdded', 'newLogLines'], deviceIds: `${A},${B},${C}`, logFile: 'kern' });
		expect(otherFile.items.map((e) => e.event)).toEqual(['deviceAdded']);
		fleet.appendLog(A, 'kern', 'k1');
		expect(lines(await poll(otherFile.next))).toEqual(['0:k1']);

		const joined = await update(otherFile.next, { events: ['deviceAdded', 'newLogLines'], deviceIds: `${A},${B},${C}`, logFile: FILE });
		expect(joined.items).toEqual([]); // file changed back: a new baseline
		const added = fleet.addDevice({ Group: 'Group01' });
		fleet.appendLog(added.UnitId, FILE, ['n1', 'n2']);
		const grown = await joined.next.update(
			{ events: ['deviceAdded', 'newLogLines'], deviceIds: `${A},${B},${C},${added.UnitId}`, logFile: FILE },
			{ activate: false },
		);
		const events = await activate(grown, { activation: 'update' });
		expect(events.map((e) => `${e.event}:${e.Line ?? e.UnitId}`)).toEqual([
			`deviceAdded:${added.UnitId}`,
			'newLogLines:n1',
			'newLogLines:n2',
		]);
	});

	test('scope limits: refused without a bounded scope, over 100 devices, or without a log file', async () => {
		const { api, control } = await setup();
		const refuse = async (parameters, message) => {
			const trigger = await createTrigger({ sandbox: api, parameters: { events: ['newLogLines'], ...parameters } });
			await expect(trigger.poll()).rejects.toThrow(message);
			await expect(trigger.poll({ mode: 'manual' })).rejects.toThrow(message);
			expect(control.requestsTo('log')).toHaveLength(0);
		};
		await refuse({ logFile: FILE }, 'New Log Lines needs a bounded set of devices');
		const many = Array.from({ length: 101 }, (_, i) => unitId(i)).join(',');
		await refuse({ logFile: FILE, deviceIds: many }, 'at most 100 devices, "Device IDs" lists 101');
		await refuse({ deviceIds: A }, 'The parameter "Log File" is empty');
	});

	test('a group larger than 100 devices is refused', async () => {
		const { api, control } = await setup({ devices: 1010 });
		const trigger = await createTrigger({
			sandbox: api,
			parameters: { events: ['newLogLines', 'deviceOffline'], group: 'Group01', logFile: FILE },
		});
		await expect(trigger.poll()).rejects.toThrow('New Log Lines can follow at most 100 devices, the scope has 101');
		expect(control.requestsTo('log')).toHaveLength(0);
		expect(trigger.staticData).toEqual({});
	});
});

describe('scripted run with random faults', () => {
	test('every line once and in order, status events alternate and end in the real state', async () => {
		const { trigger, fleet, control } = await setup({
			parameters: { events: ['newLogLines', 'deviceOnline', 'deviceOffline'] },
		});
		await activate(trigger);
		const ids = [A, B, C];
		const written = Object.fromEntries(ids.map((id) => [id, []]));
		const got = Object.fromEntries(ids.map((id) => [id, []]));
		const statusEvents = Object.fromEntries(ids.map((id) => [id, []]));
		const collect = (events) => {
			for (const e of events) {
				if (e.event === 'newLogLines') got[e.UnitId].push(e.Line);
				else statusEvents[e.UnitId].push(e.event);
			}
		};
		control.setRandomFaults({ rate: 0.3, kinds: ['500', 'malformed', '401', 'reset'], seed: 7 });
		let failures = 0;
		for (let step = 0; step < 40; step++) {
			const id = ids[step % 3];
			const batch = Array.from({ length: 1 + (step % 3) }, (_, k) => `${id.slice(-1)}-${step}-${k}`);
			fleet.appendLog(id, FILE, batch);
			written[id].push(...batch);
			if (step % 4 === 0) {
				const device = ids[(step / 4) % 3];
				fleet.setStatus(device, fleet.getDevice(device).Status === 'Online' ? 'Offline' : 'Online');
			}
			try {
				collect(await poll(trigger));
			} catch {
				failures++;
			}
		}
		control.setRandomFaults(null);
		collect(await poll(trigger));
		collect(await poll(trigger));
		expect(failures).toBeGreaterThan(0);
		expect(warn()).toHaveBeenCalled(); // some log reads failed inside polls that still returned
		expect(got).toEqual(written);
		for (const id of ids) {
			const events = statusEvents[id];
			for (let k = 1; k < events.length; k++) expect(events[k]).not.toBe(events[k - 1]);
			const last = events[events.length - 1];
			if (last) expect(last).toBe(fleet.getDevice(id).Status === 'Online' ? 'deviceOnline' : 'deviceOffline');
		}
	}, 30000);
});
});
