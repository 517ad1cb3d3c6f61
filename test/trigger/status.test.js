/**
 * RemoteIoT Trigger in n8n-core's PollContext against the sandbox: status, scope and job events,
 * baselines, failures, restarts, manual mode and the cost of a poll.
 */
const { createTrigger, POLL_MODES } = require('../helpers/engine');
const { createSandbox } = require('../../sandbox/server');

const unitId = (i) => String(88880000 + i).padStart(16, '0');
const STATUS_EVENTS = ['deviceOnline', 'deviceOffline'];

const sandboxes = [];
afterAll(async () => {
	for (const sandbox of sandboxes) await sandbox.stop();
});

const json = (items) => items.map((item) => item.json);
const poll = async (trigger, options) => json(await trigger.poll(options));
const activate = async (trigger, options) => json(await trigger.activate(options));
const brief = (events) => events.map((e) => `${e.event}:${e.UnitId}`);

describe.each(POLL_MODES)('n8n poll mode %s', (pollMode) => {
async function setup({ devices = 30, parameters, clock } = {}) {
	const sandbox = createSandbox({ devices, ...(clock ? { clock } : {}) });
	sandboxes.push(sandbox);
	const api = await sandbox.start();
	const trigger = await createTrigger({ sandbox: api, parameters, pollMode });
	return { sandbox, api, trigger, fleet: sandbox.fleet, control: sandbox.control };
}

describe('status events', () => {
	test('first poll seeds, later polls emit each transition once with the contract shape', async () => {
		const { trigger, fleet } = await setup({ parameters: { events: STATUS_EVENTS, group: 'Group01' } });
		const online = unitId(0); // Group01, online
		const offline = unitId(10); // Group01: i % 7 === 3 → offline
		expect(fleet.getDevice(offline).Status).toBe('Offline');

		expect(await activate(trigger)).toEqual([]);
		expect(await poll(trigger)).toEqual([]);

		fleet.setStatus(online, 'Offline');
		fleet.setStatus(offline, 'Online');
		const events = await poll(trigger);
		expect(events).toHaveLength(2);
		const byEvent = Object.fromEntries(events.map((e) => [e.event, e]));
		expect(byEvent.deviceOffline).toEqual({
			event: 'deviceOffline',
			UnitId: online,
			Name: 'Raspberry pi 00001',
			Group: 'Group01',
			Status: 'Offline',
			PreviousStatus: 'Online',
			LastOnlineTime: fleet.getDevice(online).LastOnlineTime,
			detectedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
		});
		expect(byEvent.deviceOnline).toMatchObject({
			UnitId: offline,
			Status: 'Online',
			PreviousStatus: 'Offline',
			LastOnlineTime: fleet.getDevice(offline).LastOnlineTime,
		});
		expect(await poll(trigger)).toEqual([]);

		// Only the selected kinds emit; a device outside the group never does.
		fleet.setStatus(unitId(1), 'Offline'); // Group02
		expect(await poll(trigger)).toEqual([]);
	});

	test('only deviceOffline selected: online transitions are tracked but not emitted', async () => {
		const { trigger, fleet } = await setup({ parameters: { events: ['deviceOffline'], deviceIds: `${unitId(0)},${unitId(3)}` } });
		await activate(trigger);
		fleet.setStatus(unitId(3), 'Online');
		expect(await poll(trigger)).toEqual([]);
		fleet.setStatus(unitId(3), 'Offline');
		expect(brief(await poll(trigger))).toEqual([`deviceOffline:${unitId(3)}`]);
	});

	test('flap guard: offline only after N consecutive offline polls', async () => {
		const { trigger, fleet } = await setup({
			parameters: { events: STATUS_EVENTS, deviceIds: unitId(0), options: { offlineAfterPolls: 3 } },
		});
		const id = unitId(0);
		await activate(trigger);
		fleet.setStatus(id, 'Offline');
		expect(await poll(trigger)).toEqual([]);
		expect(await poll(trigger)).toEqual([]);
		fleet.setStatus(id, 'Online'); // a flap: nothing at all
		expect(await poll(trigger)).toEqual([]);
		fleet.setStatus(id, 'Offline');
		expect(await poll(trigger)).toEqual([]);
		expect(await poll(trigger)).toEqual([]);
		expect(brief(await poll(trigger))).toEqual([`deviceOffline:${id}`]);
		expect(await poll(trigger)).toEqual([]);
		fleet.setStatus(id, 'Online');
		expect(brief(await poll(trigger))).toEqual([`deviceOnline:${id}`]);
	});

	test('a newly selected event kind is seeded first; the others keep emitting', async () => {
		const { trigger, fleet } = await setup({ parameters: { events: ['deviceOffline'], group: 'Group02' } });
		await activate(trigger);
		fleet.setStatus(unitId(1), 'Offline');
		expect(brief(await poll(trigger))).toEqual([`deviceOffline:${unitId(1)}`]);

		// The user adds Device Online and Device Added (saved static data stays): n8n re-activates.
		fleet.setStatus(unitId(1), 'Online');
		fleet.setStatus(unitId(11), 'Offline');
		fleet.addDevice({ Group: 'Group02' });
		const changed = await trigger.update(
			{ events: ['deviceOffline', 'deviceOnline', 'deviceAdded'], group: 'Group02' },
			{ activate: false },
		);
		expect(brief(await activate(changed, { activation: 'update' }))).toEqual([`deviceOffline:${unitId(11)}`]);
		fleet.setStatus(unitId(11), 'Online');
		const added = fleet.addDevice({ Group: 'Group02' });
		expect(brief(await poll(changed))).toEqual([`deviceAdded:${added.UnitId}`, `deviceOnline:${unitId(11)}`]);
	});
});

describe('scope events', () => {
	test('devices entering and leaving the group or the account', async () => {
		const { trigger, fleet } = await setup({ parameters: { events: ['deviceAdded', 'deviceRemoved'], group: 'Group03' } });
		expect(await activate(trigger)).toEqual([]);
		const added = fleet.addDevice({ Group: 'Group03', Name: 'new one' });
		fleet.addDevice({ Group: 'Group04' });
		const events = await poll(trigger);
		expect(events).toEqual([
			expect.objectContaining({ event: 'deviceAdded', UnitId: added.UnitId, Name: 'new one', Group: 'Group03', detectedAt: expect.any(String) }),
		]);
		fleet.removeDevice(unitId(2));
		fleet.getDevice(unitId(12)).Group = 'Group04'; // moved away (ChangeGroup)
		expect(await poll(trigger)).toEqual([
			{ event: 'deviceRemoved', UnitId: unitId(2), detectedAt: expect.any(String) },
			{ event: 'deviceRemoved', UnitId: unitId(12), detectedAt: expect.any(String) },
		]);
		expect(await poll(trigger)).toEqual([]);
	});

	test('changing Device IDs of a saved trigger emits deviceAdded / deviceRemoved, no status burst', async () => {
		const parameters = { events: ['deviceAdded', 'deviceRemoved', 'deviceOffline'], deviceIds: `${unitId(0)},${unitId(1)}` };
		const { trigger, fleet } = await setup({ parameters });
		await activate(trigger);
		const changed = await trigger.update({ ...parameters, deviceIds: `${unitId(1)}, ${unitId(3)}` }, { activate: false });
		expect(brief(await activate(changed, { activation: 'update' }))).toEqual([`deviceAdded:${unitId(3)}`, `deviceRemoved:${unitId(0)}`]);
		expect(Object.keys(changed.staticData['node:RemoteIoT Trigger'].d).sort()).toEqual([unitId(1), unitId(3)]);
		fleet.setStatus(unitId(1), 'Offline');
		expect(brief(await poll(changed))).toEqual([`deviceOffline:${unitId(1)}`]);
	});
});

describe('jobFinished', () => {
	test('once per job: pending → executed, first seen executed, never history or deleted jobs', async () => {
		let now = Date.UTC(2026, 10, 25, 9, 0, 0);
		const { trigger, fleet } = await setup({ parameters: { events: ['jobFinished'], group: 'Group01' }, clock: () => now });
		const job = (UnitId, Name, doneAt) =>
			fleet.addJob({ Name, UnitId, SubmitTim: `2026-11-25 09:00:0${fleet.jobs.length % 10}.0`, Command: 'ls' }, doneAt, 'out');
		job(unitId(0), 'old', now - 1); // history: executed before activation
		job(unitId(0), 'running', now + 1000);
		job(unitId(1), 'other group', now - 1); // Group02
		expect(await activate(trigger)).toEqual([]);

		now += 2000; // 'running' finishes
		job(unitId(10), 'quick', now - 1); // submitted and executed between two polls
		job(unitId(10), 'later', now + 5000);
		const events = await poll(trigger);
		expect(events.map((e) => e.Name)).toEqual(['running', 'quick']);
		expect(events[0]).toEqual({
			event: 'jobFinished',
			Name: 'running',
			UnitId: unitId(0),
			Status: 'Executed',
			SubmitTim: expect.any(String),
			ExecuteTim: '',
			Script: '',
			Command: 'ls',
			Result: 'out',
			detectedAt: expect.any(String),
		});
		expect(await poll(trigger)).toEqual([]);

		// Deleting jobs emits nothing; the remaining one finishing emits once.
		fleet.jobs.splice(fleet.jobs.findIndex((j) => j.Name === 'quick'), 1);
		expect(await poll(trigger)).toEqual([]);
		now += 10000;
		expect((await poll(trigger)).map((e) => e.Name)).toEqual(['later']);
		expect(await poll(trigger)).toEqual([]);
	});
});

describe('failures, restarts and manual mode', () => {
	test('a change during failing polls is emitted once by the next successful poll', async () => {
		const { trigger, fleet, control } = await setup({
			parameters: { events: [...STATUS_EVENTS, 'deviceAdded', 'deviceRemoved'], group: 'Group05' },
		});
		await activate(trigger);
		const saved = JSON.stringify(trigger.staticData);
		fleet.setStatus(unitId(4), 'Offline');
		const added = fleet.addDevice({ Group: 'Group05' });

		for (const fault of [
			{ path: 'device', status: 401 },
			{ path: 'status', status: 500 },
			{ path: 'device', status: 500 },
			{ path: 'status', malformed: true },
			{ path: 'device', malformed: true },
		]) {
			control.injectFaults(fault);
			await expect(trigger.poll()).rejects.toThrow(/RemoteIoT/);
			expect(JSON.stringify(trigger.staticData)).toBe(saved);
		}
		// 403 and 503 are retried inside the poll.
		control.injectFaults([{ path: 'status', status: 503 }, { path: 'device', status: 403 }]);
		const events = await poll(trigger);
		expect(brief(events)).toEqual([`deviceAdded:${added.UnitId}`, `deviceOffline:${unitId(4)}`]);
		expect(await poll(trigger)).toEqual([]);
	});

	test('401 reads as a token problem', async () => {
		const { trigger, control } = await setup({ parameters: { events: ['deviceAdded'] } });
		control.injectFaults({ status: 401 });
		await expect(trigger.poll()).rejects.toThrow('RemoteIoT did not accept the access token');
	});

	test('restart and re-activation continue from the saved state', async () => {
		const { trigger, fleet } = await setup({ parameters: { events: STATUS_EVENTS, group: 'Group06' } });
		await activate(trigger);
		fleet.setStatus(unitId(5), 'Offline');
		expect(brief(await poll(trigger))).toEqual([`deviceOffline:${unitId(5)}`]);

		const restarted = await trigger.restart(); // legacy runs its activation poll ('init') here
		expect(trigger.emitted).toHaveLength(1);
		expect(await poll(restarted)).toEqual([]);
		fleet.setStatus(unitId(5), 'Online');
		const reactivated = await restarted.update({ events: STATUS_EVENTS, group: 'Group06' }, { activate: false });
		expect(brief(await activate(reactivated))).toEqual([`deviceOnline:${unitId(5)}`]);
		expect(await poll(reactivated)).toEqual([]);
		expect(trigger.emitted).toHaveLength(2);
	});

	test('manual mode returns marked samples and leaves the state alone', async () => {
		const { trigger, fleet, control } = await setup({
			parameters: { events: ['deviceAdded', 'deviceRemoved', 'deviceOnline', 'deviceOffline', 'jobFinished'], group: 'Group01' },
		});
		const manualFirst = await poll(trigger, { mode: 'manual' });
		expect(trigger.staticData).toEqual({});
		expect(manualFirst.map((e) => e.event)).toEqual(['deviceOnline', 'deviceOffline', 'jobFinished', 'deviceAdded', 'deviceRemoved']);
		expect(manualFirst.every((e) => e.sample === true && e.UnitId && e.detectedAt)).toBe(true);
		expect(manualFirst[1]).toMatchObject({ Status: 'Offline', PreviousStatus: 'Online', Group: 'Group01' });

		await activate(trigger);
		await poll(trigger);
		const saved = JSON.stringify(trigger.staticData);
		fleet.setStatus(unitId(0), 'Offline');
		control.clearRequests();
		await poll(trigger, { mode: 'manual' });
		expect(JSON.stringify(trigger.staticData)).toBe(saved);
		expect(control.requests.length).toBeLessThanOrEqual(3);
		expect(brief(await poll(trigger))).toEqual([`deviceOffline:${unitId(0)}`]);
	});
});

describe('scale', () => {
	test('10,000 devices: one device list + 10 status batches per poll, static data well under 1 MB', async () => {
		const { trigger, fleet, control } = await setup({ devices: 10000, parameters: { events: STATUS_EVENTS } });
		await activate(trigger);
		expect(control.requests.map((r) => r.path).sort()).toEqual(['device', ...Array(10).fill('status')]);
		expect(control.requestsTo('status').every((r) => r.body.length <= 1000)).toBe(true);
		const size = JSON.stringify(trigger.staticData).length;
		expect(size).toBeLessThan(400_000);

		control.clearRequests();
		fleet.setStatus(unitId(9998), 'Offline');
		fleet.setStatus(unitId(3), 'Online');
		const events = await poll(trigger);
		expect(brief(events).sort()).toEqual([`deviceOffline:${unitId(9998)}`, `deviceOnline:${unitId(3)}`]);
		expect(control.requests).toHaveLength(11);
		// The poll emitted, so n8n persisted its state in every mode: under 40 bytes per device.
		expect(JSON.stringify(trigger.staticData).length / 10000).toBeLessThan(40);
	});
});
});
