/**
 * Issue 9: every event exactly once in each of n8n 2.41's poll modes (legacy, durable scheduler,
 * durable cursors), across null polls, restarts and overlapping polls. The harness
 * (test/helpers/engine.js createTrigger) keeps exactly what n8n keeps in each mode; the sandbox's
 * LastOnlineTime means either "came online at" or "last seen online at".
 */
const path = require('path');
const { createTrigger, triggerMemo, POLL_MODES } = require('../helpers/engine');
const { createSandbox } = require('../../sandbox/server');

const unitId = (i) => String(88880000 + i).padStart(16, '0');
const X = unitId(0); // online at the start
const Y = unitId(1);
const FILE = 'System error';

const corePath = require.resolve('n8n-core');
const { Container } = require(require.resolve('@n8n/di', { paths: [path.dirname(corePath)] }));
const { Logger } = require(require.resolve('@n8n/backend-common', { paths: [path.dirname(corePath)] }));

const sandboxes = [];
afterAll(async () => {
	for (const sandbox of sandboxes) await sandbox.stop();
});
let warn;
beforeEach(() => {
	warn = jest.spyOn(Container.get(Logger), 'warn').mockImplementation(() => {});
});
afterEach(() => warn.mockRestore());

/** A sandbox whose clock moves only when the test says a minute passed. */
async function setup({ pollMode, parameters, lastOnlineTime = 'cameOnline', devices = 5 }) {
	const clock = { now: Date.UTC(2026, 10, 27, 9, 0, 0) };
	const sandbox = createSandbox({ devices, clock: () => clock.now, lastOnlineTime });
	sandboxes.push(sandbox);
	const api = await sandbox.start();
	const trigger = await createTrigger({ sandbox: api, parameters, pollMode });
	const fleet = sandbox.fleet;
	const minute = () => {
		clock.now += 60_000;
	};
	/** The device changes status, a minute later than the last change. */
	const set = (id, status) => {
		minute();
		fleet.setStatus(id, status);
	};
	return { sandbox, api, trigger, fleet, control: sandbox.control, set, minute, clock };
}

const events = (trigger, kind) => trigger.emitted.map((item) => item.json).filter((e) => !kind || e.event === kind);
const brief = (items) => items.map((item) => `${item.json.event}:${item.json.UnitId}`);

describe.each(POLL_MODES)('n8n poll mode %s', (pollMode) => {
	describe.each(['cameOnline', 'lastSeen'])('LastOnlineTime = %s', (lastOnlineTime) => {
		const offlineOnly = { events: ['deviceOffline'], deviceIds: `${X},${Y}` };
		const start = async (parameters = offlineOnly) => {
			const ctx = await setup({ pollMode, parameters, lastOnlineTime });
			expect(await ctx.trigger.activate()).toEqual([]);
			return ctx;
		};

		test('A: offline → online → restart → offline: 2 events', async () => {
			const { trigger, set } = await start();
			set(X, 'Offline');
			await trigger.poll();
			set(X, 'Online');
			await trigger.poll();
			const restarted = await trigger.restart();
			await restarted.poll();
			set(X, 'Offline');
			await restarted.poll();
			await restarted.poll();
			expect(events(trigger).map((e) => `${e.event}:${e.UnitId}:${e.PreviousStatus}`)).toEqual([
				`deviceOffline:${X}:Online`,
				`deviceOffline:${X}:Online`,
			]);
		});

		test('A2: offline → online → n8n stopped, the device goes offline meanwhile → started: 2 events', async () => {
			const { trigger, set } = await start();
			set(X, 'Offline');
			await trigger.poll();
			set(X, 'Online');
			await trigger.poll();
			set(X, 'Offline'); // n8n is down
			const restarted = await trigger.restart();
			await restarted.poll();
			await restarted.poll();
			expect(brief(trigger.emitted)).toEqual([`deviceOffline:${X}`, `deviceOffline:${X}`]);
		});

		test('B: offline → online → offline, no restart: 2 events', async () => {
			const { trigger, set } = await start();
			set(X, 'Offline');
			await trigger.poll();
			set(X, 'Online');
			await trigger.poll();
			set(X, 'Offline');
			await trigger.poll();
			await trigger.poll();
			expect(brief(trigger.emitted)).toEqual([`deviceOffline:${X}`, `deviceOffline:${X}`]);
		});

		test('B without the memo (every poll in a new process): still 2 events', async () => {
			const { trigger, set } = await start();
			const poll = async () => {
				triggerMemo().resetProcessMemory();
				await trigger.poll();
			};
			await trigger.poll(); // durable cursors keep nothing of the activation poll (case C needs the memo)
			set(X, 'Offline');
			await poll();
			set(X, 'Online');
			await poll();
			set(X, 'Offline');
			await poll();
			await poll();
			expect(brief(trigger.emitted)).toEqual([`deviceOffline:${X}`, `deviceOffline:${X}`]);
		});

		test('B2: Offline After Polls = 2, offline for 3 polls: 1 event', async () => {
			const { trigger, set } = await start({ ...offlineOnly, options: { offlineAfterPolls: 2 } });
			set(X, 'Offline');
			await trigger.poll();
			expect(trigger.emitted).toHaveLength(0);
			await trigger.poll();
			await trigger.poll();
			expect(brief(trigger.emitted)).toEqual([`deviceOffline:${X}`]);
		});

		test('C: offline before the first scheduled poll after activation: 1 event, then 1 after a restart', async () => {
			const { trigger, set } = await start();
			set(X, 'Offline');
			await trigger.poll();
			expect(brief(trigger.emitted)).toEqual([`deviceOffline:${X}`]);
			const restarted = await trigger.restart();
			set(X, 'Online');
			await restarted.poll();
			set(X, 'Offline');
			await restarted.poll();
			await restarted.poll();
			expect(brief(trigger.emitted)).toEqual([`deviceOffline:${X}`, `deviceOffline:${X}`]);
		});

		test('Device Online alone: each return emits once; across a restart only if n8n kept the offline observation', async () => {
			const { trigger, set } = await start({ events: ['deviceOnline'], deviceIds: `${X},${Y}` });
			set(X, 'Offline');
			await trigger.poll();
			set(X, 'Online');
			await trigger.poll();
			await trigger.poll();
			set(X, 'Offline');
			await trigger.poll();
			set(X, 'Online');
			await trigger.poll();
			expect(brief(trigger.emitted)).toEqual([`deviceOnline:${X}`, `deviceOnline:${X}`]);

			// The offline is seen only by a poll that returns null; the device is back online by the time
			// n8n has restarted. The README's claim: only durable cursors keep a null poll's state then.
			set(X, 'Offline');
			await trigger.poll();
			set(X, 'Online');
			const restarted = await trigger.restart();
			await restarted.poll();
			expect(events(trigger)).toHaveLength(pollMode === 'durableCursors' ? 3 : 2);

			// A restart while the device is still offline: legacy's activation poll at start-up sees it
			// offline and n8n keeps that; the durable scheduler runs no poll at start-up and keeps no null
			// poll, but the memo of the first poll after the restart bridges the next ones.
			set(X, 'Offline');
			await restarted.poll();
			const again = await restarted.restart();
			await again.poll();
			set(X, 'Online');
			await again.poll();
			expect(events(trigger)).toHaveLength(pollMode === 'durableCursors' ? 4 : 3);
		});

		test('Device Online and Offline: every transition once, across restarts', async () => {
			const { trigger, set } = await start({ events: ['deviceOnline', 'deviceOffline'], deviceIds: `${X},${Y}` });
			let current = trigger;
			const flips = ['Offline', 'Online', 'Offline', 'Online', 'Offline'];
			for (const [index, status] of flips.entries()) {
				set(X, status);
				if (index % 2) current = await current.restart();
				await current.poll();
				await current.poll();
			}
			set(Y, 'Offline');
			current = await current.restart();
			await current.poll();
			expect(brief(trigger.emitted)).toEqual([
				...flips.map((status) => `device${status}:${X}`),
				`deviceOffline:${Y}`,
			]);
		});

		test.each([2, 3])('flap guard %i: a flap emits nothing, a lasting offline once, even across a restart', async (n) => {
			const { trigger, set } = await start({ events: ['deviceOnline', 'deviceOffline'], deviceIds: X, options: { offlineAfterPolls: n } });
			set(X, 'Offline');
			for (let k = 1; k < n; k++) await trigger.poll();
			set(X, 'Online'); // a flap
			await trigger.poll();
			expect(trigger.emitted).toHaveLength(0);
			set(X, 'Offline');
			await trigger.poll();
			const restarted = await trigger.restart(); // the streak may be lost: the event comes later, once
			for (let k = 0; k < n + 2; k++) await restarted.poll();
			expect(brief(trigger.emitted)).toEqual([`deviceOffline:${X}`]);
			set(X, 'Online');
			await restarted.poll();
			expect(brief(trigger.emitted)).toEqual([`deviceOffline:${X}`, `deviceOnline:${X}`]);
		});
	});

	test('New Log Lines across null polls, restarts and failures: every line after activation once, in order', async () => {
		const { trigger, fleet, control } = await setup({
			pollMode,
			parameters: { events: ['newLogLines'], deviceIds: `${X},${Y}`, logFile: FILE },
		});
		fleet.appendLog(X, FILE, ['backlog 1', 'backlog 2']);
		expect(await trigger.activate()).toEqual([]);
		const written = [];
		const write = (id, line) => {
			fleet.appendLog(id, FILE, line);
			written.push(`${id}:${line}`);
		};
		let current = trigger;
		await current.poll(); // the first scheduled poll (see the README: a restart before it is the one gap)
		for (let round = 0; round < 6; round++) {
			await current.poll(); // nothing new: null
			write(X, `x${round}`);
			if (round % 2) write(Y, `y${round}`);
			if (round === 2) {
				control.injectFaults({ path: 'log', status: 500 });
				await current.poll(); // one device read fails, its lines come next poll
			}
			if (round === 3) {
				control.injectFaults({ path: 'status', status: 500 });
				control.injectFaults({ path: 'device', status: 500 });
				await expect(current.poll()).rejects.toThrow();
			}
			if (round % 2 === 0) current = await current.restart();
			await current.poll();
		}
		await current.poll();
		expect(trigger.emitted.map((item) => `${item.json.UnitId}:${item.json.Line}`)).toEqual(written);
	});

	test('New Log Lines: a restart right after activation', async () => {
		const { trigger, fleet } = await setup({
			pollMode,
			parameters: { events: ['newLogLines'], deviceIds: X, logFile: FILE },
		});
		fleet.appendLog(X, FILE, 'backlog');
		await trigger.activate();
		fleet.appendLog(X, FILE, 'after activation');
		const restarted = await trigger.restart();
		fleet.appendLog(X, FILE, 'after restart');
		await restarted.poll();
		fleet.appendLog(X, FILE, 'later');
		await restarted.poll();
		const got = trigger.emitted.map((item) => item.json.Line);
		// Durable cursors do not keep the activation poll's baseline: a restart before the first
		// scheduled poll takes a new baseline, and the lines written in between are not reported.
		expect(got).toEqual(
			pollMode === 'durableCursors' ? ['later'] : ['after activation', 'after restart', 'later'],
		);
	});

	test('Job Finished: once per job across null polls and restarts; one listjob per device for a small scope', async () => {
		const clockNow = { now: Date.UTC(2026, 10, 27, 9, 0, 0) };
		const sandbox = createSandbox({ devices: 5, clock: () => clockNow.now });
		sandboxes.push(sandbox);
		const api = await sandbox.start();
		const { fleet, control } = sandbox;
		let n = 0;
		const job = (UnitId, Name, doneIn) => {
			n++;
			const submit = new Date(clockNow.now).toISOString().replace('T', ' ').slice(0, 19) + '.0';
			return fleet.addJob({ Name, UnitId, SubmitTim: submit, Command: 'ls' }, clockNow.now + doneIn, `out ${n}`);
		};
		job(X, 'history', -1);
		const trigger = await createTrigger({ sandbox: api, parameters: { events: ['jobFinished'], deviceIds: `${X},${Y}` }, pollMode });
		control.clearRequests();
		await trigger.activate();
		expect(control.requestsTo('listjob').map((r) => r.body.UnitId).sort()).toEqual([X, Y]);

		clockNow.now += 60_000;
		job(X, 'slow', 150_000);
		await trigger.poll(); // pending: null
		clockNow.now += 60_000;
		job(Y, 'quick', -1); // submitted and executed between two polls
		await trigger.poll();
		expect(trigger.emitted.map((item) => item.json.Name)).toEqual(['quick']);
		let current = await trigger.restart();
		await current.poll();
		clockNow.now += 120_000; // 'slow' finishes
		await current.poll();
		await current.poll();
		current = await current.restart();
		await current.poll();
		expect(trigger.emitted.map((item) => item.json.Name)).toEqual(['quick', 'slow']);

		// The state does not grow with the history: one watermark per device, the pending jobs only.
		for (let k = 0; k < 30; k++) {
			clockNow.now += 1000;
			job(k % 2 ? X : Y, `batch ${k}`, -1);
		}
		await current.poll();
		expect(trigger.emitted).toHaveLength(32);
		await current.poll();
		const state = current.staticData['node:RemoteIoT Trigger'];
		expect(Object.keys(state.jw).sort()).toEqual([X, Y]);
		expect(state.jp).toEqual([]);
	});

	test('Job Finished for the whole account asks listjob once', async () => {
		const sandbox = createSandbox({ devices: 5 });
		sandboxes.push(sandbox);
		const api = await sandbox.start();
		const trigger = await createTrigger({ sandbox: api, parameters: { events: ['jobFinished'] }, pollMode });
		await trigger.activate();
		expect(sandbox.control.requestsTo('listjob').map((r) => r.body.UnitId)).toEqual(['']);
	});

	test('Device Added / Removed once each, across null polls and restarts', async () => {
		const { trigger, fleet } = await setup({ pollMode, parameters: { events: ['deviceAdded', 'deviceRemoved'], group: 'Group01' }, devices: 30 });
		await trigger.activate();
		await trigger.poll();
		const added = fleet.addDevice({ Group: 'Group01' });
		await trigger.poll();
		await trigger.poll();
		const restarted = await trigger.restart();
		fleet.removeDevice(unitId(10));
		await restarted.poll();
		await restarted.poll();
		expect(brief(trigger.emitted)).toEqual([`deviceAdded:${added.UnitId}`, `deviceRemoved:${unitId(10)}`]);
	});

	test('Device Removed alone across a restart: missed only when the device joined and left around the restart', async () => {
		const { trigger, fleet } = await setup({ pollMode, parameters: { events: ['deviceRemoved'], group: 'Group01' }, devices: 30 });
		await trigger.activate();
		await trigger.poll();
		const z = fleet.addDevice({ Group: 'Group01' });
		await trigger.poll(); // seen by a poll that returns null
		fleet.removeDevice(z.UnitId);
		const restarted = await trigger.restart();
		await restarted.poll();
		expect(trigger.emitted).toHaveLength(pollMode === 'durableCursors' ? 1 : 0);

		const z2 = fleet.addDevice({ Group: 'Group01' });
		await restarted.poll();
		const again = await restarted.restart();
		await again.poll(); // still there at the first poll after the restart
		fleet.removeDevice(z2.UnitId);
		await again.poll();
		expect(brief(trigger.emitted).slice(-1)).toEqual([`deviceRemoved:${z2.UnitId}`]);
		expect(trigger.emitted).toHaveLength(pollMode === 'durableCursors' ? 2 : 1);
	});

	test('overlapping polls: the later one returns null at once, nothing is emitted twice', async () => {
		const { trigger, set, control } = await setup({
			pollMode,
			parameters: { events: ['deviceOnline', 'deviceOffline'], deviceIds: `${X},${Y}` },
		});
		await trigger.activate();
		set(X, 'Offline');
		control.injectFaults({ path: 'status', hold: true });
		const first = trigger.poll();
		await control.whenHeld(); // poll 1 waits on a slow status answer
		control.clearRequests();
		expect(await trigger.poll()).toEqual([]); // poll 2 starts meanwhile
		expect(control.requests).toHaveLength(0);
		control.releaseHeld();
		expect(brief(await first)).toEqual([`deviceOffline:${X}`]);
		await trigger.poll();
		expect(brief(trigger.emitted)).toEqual([`deviceOffline:${X}`]);
	});

	test.each([
		['an empty body', ''],
		['a JSON object', '{"error":"busy"}'],
		['numbers', '[1,2,3]'],
		['records without UnitId', '[{"Name":"x"}]'],
	])('a device list answer with %s fails the poll and changes nothing', async (_name, body) => {
		const { trigger, set, sandbox } = await setup({
			pollMode,
			parameters: { events: ['deviceOffline', 'deviceAdded', 'deviceRemoved'], deviceIds: `${X},${Y}` },
		});
		await trigger.activate();
		await trigger.poll();
		const saved = JSON.stringify(trigger.staticData);
		set(X, 'Offline');
		sandbox.control.injectFaults({ path: 'device', body });
		await expect(trigger.poll()).rejects.toThrow(/RemoteIoT answered the device list with/);
		expect(JSON.stringify(trigger.staticData)).toBe(saved);
		expect(trigger.emitted).toEqual([]);
		await trigger.poll();
		expect(brief(trigger.emitted)).toEqual([`deviceOffline:${X}`]);
	});
});

describe('upgrade', () => {
	test('a version-1 state carries over: no status burst, offline devices get their episode at the next poll', async () => {
		const { api, set, fleet } = await setup({ pollMode: 'legacy', parameters: { events: ['deviceOffline'] } });
		fleet.setStatus(Y, 'Offline');
		const v1 = {
			version: 1,
			scope: { group: '', ids: 2, idsHash: 'abc' },
			kinds: ['deviceOffline', 'deviceOnline'],
			devices: { [X]: 'n', [Y]: 'f' },
			offlineStreak: {},
			jobs: [],
			logFile: '',
			logDevices: {},
		};
		const trigger = await createTrigger({
			sandbox: api,
			parameters: { events: ['deviceOffline', 'deviceOnline'], deviceIds: `${X},${Y}` },
			pollMode: 'legacy',
			staticData: { 'node:RemoteIoT Trigger': v1 },
		});
		expect(await trigger.activate()).toEqual([]);
		await trigger.poll();
		set(X, 'Offline');
		set(Y, 'Online');
		await trigger.poll();
		set(Y, 'Offline');
		await trigger.poll();
		expect(brief(trigger.emitted).sort()).toEqual([`deviceOffline:${X}`, `deviceOffline:${Y}`, `deviceOnline:${Y}`]);
		expect(trigger.staticData['node:RemoteIoT Trigger']).toMatchObject({ v: 2, d: { [X]: expect.stringMatching(/^f./) } });
		expect(trigger.staticData['node:RemoteIoT Trigger']).not.toHaveProperty('scope');
	});
});

describe('memory', () => {
	test('the memo is keyed by workflow and node and forgets triggers that stop polling', async () => {
		const memo = triggerMemo();
		memo.resetProcessMemory();
		const sandbox = createSandbox({ devices: 5 });
		sandboxes.push(sandbox);
		const api = await sandbox.start();
		const triggers = [];
		for (let k = 0; k < 3; k++) {
			const trigger = await createTrigger({ sandbox: api, parameters: { events: ['deviceOffline'] }, pollMode: 'durableScheduler' });
			await trigger.activate();
			triggers.push(trigger);
		}
		expect(memo.memoSize()).toBe(3);
		const realNow = Date.now;
		try {
			Date.now = () => realNow() + memo.MEMO_IDLE_MS + 60_000;
			await triggers[0].poll();
		} finally {
			Date.now = realNow;
		}
		expect(memo.memoSize()).toBe(1);
	});
});
