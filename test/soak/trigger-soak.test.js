/**
 * Bounded soak (about a minute): the built RemoteIoT Trigger polled 1,000 times in the real engine
 * against a sandbox with random status flaps, new log lines and random 403, 500, 503, slow and
 * malformed responses, in the strictest n8n poll mode (the durable scheduler: a poll that returns
 * null keeps nothing), with a few restarts. Every status transition (an offline episode is known by
 * its LastOnlineTime) and every log line must be emitted exactly once, in order.
 */
const path = require('path');
const { createTrigger } = require('../helpers/engine');
const { createSandbox } = require('../../sandbox/server');

const POLLS = 1000;
const FILE = 'System error';
const unitId = (i) => String(88880000 + i).padStart(16, '0');

// Keep n8n-core's logger quiet (failed log reads are logged as warnings) but record what it says.
const corePath = require.resolve('n8n-core');
const { Container } = require(require.resolve('@n8n/di', { paths: [path.dirname(corePath)] }));
const { Logger } = require(require.resolve('@n8n/backend-common', { paths: [path.dirname(corePath)] }));

function prng(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

test(`${POLLS} polls under random faults: every transition and log line exactly once, in order`, async () => {
	const logged = [];
	const warn = jest.spyOn(Container.get(Logger), 'warn').mockImplementation((message) => logged.push(String(message)));
	const sandbox = createSandbox({ devices: 12 });
	const api = await sandbox.start();
	try {
		const { fleet, control } = sandbox;
		const ids = Array.from({ length: 4 }, (_, i) => unitId(i));
		let trigger = await createTrigger({
			sandbox: api,
			parameters: { events: ['deviceOnline', 'deviceOffline', 'newLogLines'], deviceIds: ids.join(','), logFile: FILE },
			pollMode: 'durableScheduler',
		});
		expect(await trigger.activate()).toEqual([]); // the baseline

		const random = prng(20261125);
		const status = () =>
			new Map(ids.map((id) => [id, `${fleet.getDevice(id).Status}@${fleet.getDevice(id).LastOnlineTime}`]));
		const statusOf = (entry) => entry.split('@')[0];
		let observed = status(); // what the trigger acknowledged at its last successful poll
		let restarts = 0;
		const written = new Map(ids.map((id) => [id, []]));
		const emitted = new Map(ids.map((id) => [id, []]));
		let lineNo = 0;
		let failedPolls = 0;
		let transitions = 0;

		const pollOnce = async () => {
			let items;
			try {
				items = (await trigger.poll()).map((item) => item.json);
			} catch (error) {
				failedPolls++;
				expect(String(error.message)).not.toContain(api.token);
				return;
			}
			const now = status();
			// A change of status, or an offline device with a newer LastOnlineTime: it was online in between.
			const expected = ids
				.filter((id) => now.get(id) !== observed.get(id))
				.filter((id) => statusOf(now.get(id)) !== statusOf(observed.get(id)) || statusOf(now.get(id)) === 'Offline')
				.map((id) => `${id}:${statusOf(now.get(id)) === 'Offline' ? 'Online' : 'Offline'}→${statusOf(now.get(id))}`)
				.sort();
			const got = items
				.filter((e) => e.event === 'deviceOnline' || e.event === 'deviceOffline')
				.map((e) => `${e.UnitId}:${e.PreviousStatus}→${e.Status}`)
				.sort();
			expect(got).toEqual(expected);
			transitions += got.length;
			observed = now;
			for (const e of items.filter((i) => i.event === 'newLogLines')) emitted.get(e.UnitId).push(e.Line);
		};

		control.setRandomFaults({ rate: 0.025, kinds: ['403', '500', '503', 'malformed', 'slow'], seed: 7, slowMs: 5 });
		for (let poll = 0; poll < POLLS; poll++) {
			if (random() < 0.3) {
				const id = ids[Math.floor(random() * ids.length)];
				fleet.setStatus(id, fleet.getDevice(id).Status === 'Online' ? 'Offline' : 'Online');
			}
			if (random() < 0.4) {
				const id = ids[Math.floor(random() * ids.length)];
				const batch = Array.from({ length: 1 + Math.floor(random() * 3) }, () => `line ${++lineNo}`);
				fleet.appendLog(id, FILE, batch);
				written.get(id).push(...batch);
			}
			await pollOnce();
			if (poll % 250 === 249) {
				trigger = await trigger.restart();
				restarts++;
			}
		}
		control.setRandomFaults(null);
		await pollOnce(); // a clean poll delivers whatever failed polls held back
		await pollOnce();

		for (const id of ids) expect(emitted.get(id)).toEqual(written.get(id));
		expect(lineNo).toBeGreaterThan(300);
		expect(transitions).toBeGreaterThan(100);
		expect(failedPolls).toBeGreaterThan(5);
		expect(restarts).toBe(4);
		expect(control.stats().total).toBeGreaterThan(POLLS * 5);
		for (const message of logged) expect(message).not.toContain(api.token);
		console.log(
			`soak: ${POLLS} polls, ${failedPolls} failed, ${transitions} transitions, ${lineNo} log lines, ${control.stats().total} requests`,
		);
	} finally {
		warn.mockRestore();
		await sandbox.stop();
	}
}, 600000);
