'use strict';
// The sandbox's seeded, mutable state: devices, groups, connections, custom fields, speed tests,
// jobs, logs, files, uploads and charts. Everything is deterministic from `seed`.
const { mix, hashStr, prng, fmtSql, fmtCompact } = require('./util');

const UNIT_BASE = 88880000;
const SEED_TIME = Date.UTC(2026, 10, 25, 8, 0, 0); // 20261125 08:00:00 GMT
const SEED_TIME_COMPACT = fmtCompact(SEED_TIME);
const CHART_NAMES = ['CPU Temperature', 'Memory Usage', 'Disk Usage'];
const ISPS = ['Comcast Cable', 'Verizon Fios', 'Deutsche Telekom', 'Orange', 'BT Broadband', 'NTT'];
const LOCATIONS = ['NJ, United States', 'CA, United States', 'Berlin, Germany', 'Paris, France', 'London, United Kingdom', 'Tokyo, Japan'];
const QUALITIES = ['(Prefect)', '(Good)', '(Medium)', '(Weak)'];

const unitIdOf = (i) => String(UNIT_BASE + i).padStart(16, '0');
const hex2 = (n) => (n & 0xff).toString(16).padStart(2, '0');

/** Builds the deterministic device record number i. */
function makeDevice(i, seed) {
	const h = mix(seed, i);
	const h2 = mix(h, 0x5bd1e995);
	const offline = i % 7 === 3;
	// Online devices were seen at the seed time; offline ones some minutes/hours earlier.
	return {
		UnitId: unitIdOf(i),
		Name: `Raspberry pi ${String(i + 1).padStart(5, '0')}`,
		Notes: `Sensor node ${i + 1}`,
		Group: `Group${String((i % 10) + 1).padStart(2, '0')}`,
		Status: offline ? 'Offline' : 'Online',
		LastOnlineTime: offline ? fmtCompact(SEED_TIME - (60 + (h % 2880)) * 60000) : SEED_TIME_COMPACT,
		External_ip: `${[203, 198, 100, 45][h & 3]}.${(h >>> 8) & 0xff}.${(h >>> 16) & 0xff}.${1 + (h2 % 254)}`,
		Internal_ip: `192.168.${Math.floor(i / 250) % 256}.${(i % 250) + 2}`,
		Mac: `b8:27:eb:${hex2(i >>> 16)}:${hex2(i >>> 8)}:${hex2(i)}`,
		Serial: `00000000${h2.toString(16).padStart(8, '0')}`,
	};
}

/** A speed-test result object with exactly the reference's keys. */
function makeSpeedResult(device, submissionTime, salt) {
	const h = mix(hashStr(device.UnitId), salt);
	const r = prng(h);
	return {
		'Submission Time': submissionTime,
		Ip: device.External_ip,
		ISP: ISPS[h % ISPS.length],
		Ping: `${(5 + r() * 60).toFixed(3)} ms`,
		Upload: `${(20 + r() * 900).toFixed(2)} Mbit/s`,
		Download: `${(50 + r() * 1800).toFixed(2)} Mbit/s`,
		'Ip Location': LOCATIONS[(h >>> 8) % LOCATIONS.length],
		'Wireless Quality': QUALITIES[(h >>> 16) % QUALITIES.length],
		'Network RX errors': String(r() < 0.8 ? 0 : Math.floor(r() * 20)),
		'Network TX errors': String(r() < 0.9 ? 0 : Math.floor(r() * 5)),
	};
}

/** Fake output of a job (see the brief): echo, ls, hostname, otherwise "ran: ...". */
function jobResult(device, script, command) {
	if (script) return `ran script ${script}`;
	const cmd = String(command || '').trim();
	if (cmd.startsWith('echo ')) return `${cmd.slice(5).replace(/^(["'])(.*)\1$/, '$2')}\n`;
	if (cmd === 'ls' || cmd.startsWith('ls ')) return 'bin\nboot\ndev\netc\nhome\nlib\nopt\ntmp\nusr\nvar\n';
	if (cmd === 'hostname') return device ? device.Name : '';
	return `ran: ${cmd}`;
}

function chartId(rand) {
	let s = '';
	for (let k = 0; k < 4; k++) s += Math.floor(rand() * 0x100000000).toString(16).padStart(8, '0');
	return s;
}

function createFleet({ devices = 50, seed = 1, clock = Date.now, lastOnlineTime = 'cameOnline' } = {}) {
	const rand = prng(mix(seed, 0xc4a27));
	const fleet = {
		seed,
		devices: [], // fleet order
		byId: new Map(), // UnitId -> device
		groups: new Set(),
		connections: [], // { Name, UnitId, LocalPort, LocalHost, Host, Port, Permanent, LimitingAccessIP }
		customFields: new Map(), // field name -> Map(UnitId -> value); seeded Custom001 values are implicit (use getCustomField)
		speedTests: new Map(), // UnitId -> [{ availableAt, result }], oldest first; seeded entry materialised on first access
		jobs: [], // listjob records (+ hidden _doneAt/_result used for lazy progression)
		logs: new Map(), // `${UnitId}\n${File}` -> { lines: [], cursor }
		files: new Map(), // UnitId -> Map(Filename -> Content)
		uploads: [], // { filename, contentType, size, content, data, at }
		charts: CHART_NAMES.map((Name) => ({ Name, ChartId: chartId(rand) })),
		nextPort: 23401,
		nextIndex: 0,
	};

	const custom001 = new Map();
	fleet.customFields.set('Custom001', custom001);

	function register(device, index) {
		fleet.devices.push(device);
		fleet.byId.set(device.UnitId, device);
		if (device.Group) fleet.groups.add(device.Group);
		// Generated ids carry their index: seeded Custom001 values and the old speed-test result of such
		// devices are materialised on first access (keeps seeding 10k+ devices fast). Others get them now.
		if (device.UnitId !== unitIdOf(index)) {
			custom001.set(device.UnitId, `value-${index}`);
			seedSpeedTest(device, index);
		}
	}
	function seedSpeedTest(device, index) {
		const list = [{ availableAt: 0, result: makeSpeedResult(device, '2024-01-01 00:00:00.0', index) }];
		fleet.speedTests.set(device.UnitId, list);
		return list;
	}
	/** Index encoded in a generated UnitId, else -1. */
	function generatedIndex(id) {
		const index = Number(id) - UNIT_BASE;
		return Number.isInteger(index) && index >= 0 && unitIdOf(index) === id ? index : -1;
	}
	/** Speed-test list of a device, materialising the seeded old result on first access. */
	function speedList(id) {
		let list = fleet.speedTests.get(id);
		if (!list) {
			const device = fleet.byId.get(id);
			const index = generatedIndex(id);
			if (device && index >= 0) list = seedSpeedTest(device, index);
			else fleet.speedTests.set(id, (list = []));
		}
		return list;
	}

	for (let i = 0; i < devices; i++) register(makeDevice(i, seed), i);
	fleet.nextIndex = devices;

	fleet.getDevice = (id) => fleet.byId.get(id);
	fleet.listDevices = () => fleet.devices.slice();

	/** Adds a device; missing fields are filled deterministically. Returns the device. */
	fleet.addDevice = (partial = {}) => {
		let index = fleet.nextIndex++;
		while (partial.UnitId === undefined && fleet.byId.has(unitIdOf(index))) index = fleet.nextIndex++;
		const device = Object.assign(makeDevice(index, seed), partial);
		if (partial.Status === 'Online' && partial.LastOnlineTime === undefined) device.LastOnlineTime = fmtCompact(clock());
		if (fleet.byId.has(device.UnitId)) throw new Error(`Device ${device.UnitId} already exists`);
		register(device, index);
		return device;
	};

	/** Removes a device (and its connections). Returns true when it existed. */
	fleet.removeDevice = (id) => {
		const device = fleet.byId.get(id);
		if (!device) return false;
		fleet.byId.delete(id);
		fleet.devices.splice(fleet.devices.indexOf(device), 1);
		for (let k = fleet.connections.length - 1; k >= 0; k--) {
			if (fleet.connections[k].UnitId === id) fleet.connections.splice(k, 1);
		}
		return true;
	};

	/**
	 * Sets 'Online' | 'Offline'. LastOnlineTime means (option `lastOnlineTime`) the time the device last
	 * came online ('cameOnline', default: set when it goes Online) or the last time it was seen online
	 * ('lastSeen': set when it goes Offline, and read as "now" while it is online, see lastOnlineTimeOf).
	 */
	fleet.setStatus = (id, status) => {
		const device = fleet.byId.get(id);
		if (!device) throw new Error(`Device ${id} not found`);
		if (status !== 'Online' && status !== 'Offline') throw new Error(`Invalid status ${status}`);
		const was = device.Status;
		device.Status = status;
		if (lastOnlineTime === 'lastSeen') {
			if (status === 'Offline' && was === 'Online') device.LastOnlineTime = fmtCompact(clock());
		} else if (status === 'Online') device.LastOnlineTime = fmtCompact(clock());
		return device;
	};
	/** The LastOnlineTime the status endpoint reports now. */
	fleet.lastOnlineTimeOf = (device) =>
		lastOnlineTime === 'lastSeen' && device.Status === 'Online' ? fmtCompact(clock()) : device.LastOnlineTime;

	// ---- logs: per (UnitId, File) buffer with a read cursor ----
	const logKey = (id, file) => `${id}\n${file}`;
	fleet.appendLog = (id, file, lineOrLines) => {
		const key = logKey(id, file);
		let buf = fleet.logs.get(key);
		if (!buf) fleet.logs.set(key, (buf = { lines: [], cursor: 0 }));
		for (const line of Array.isArray(lineOrLines) ? lineOrLines : [lineOrLines]) buf.lines.push(String(line));
	};
	/** Consumes and returns the unread lines joined with '\n', or null when nothing is new. */
	fleet.readLog = (id, file) => {
		const buf = fleet.logs.get(logKey(id, file));
		if (!buf || buf.cursor >= buf.lines.length) return null;
		const text = buf.lines.slice(buf.cursor).join('\n');
		buf.cursor = buf.lines.length;
		return text;
	};

	// ---- custom fields ----
	fleet.getCustomField = (id, field) => {
		const values = fleet.customFields.get(field);
		const v = values ? values.get(id) : undefined;
		if (v !== undefined) return v;
		// Seeded default: Custom001 = value-<i> for generated devices.
		if (field === 'Custom001' && fleet.byId.has(id) && generatedIndex(id) >= 0) return `value-${generatedIndex(id)}`;
		return '';
	};
	fleet.setCustomField = (id, field, value) => {
		if (!fleet.customFields.has(field)) fleet.customFields.set(field, new Map());
		fleet.customFields.get(field).set(id, value === undefined || value === null ? '' : String(value));
	};

	// ---- speed tests (lazy: a result becomes visible at its availableAt) ----
	/** Latest visible result of a device (or undefined). */
	fleet.latestSpeedTest = (id, now = clock()) => {
		if (!fleet.byId.has(id) && !fleet.speedTests.has(id)) return undefined;
		const list = speedList(id);
		for (let k = list.length - 1; k >= 0; k--) if (list[k].availableAt <= now) return list[k].result;
		return undefined;
	};
	/** Queues a speed test; its result appears after delayMs. Submission times strictly increase per device. */
	fleet.submitSpeedTest = (id, delayMs, now = clock()) => {
		const device = fleet.byId.get(id);
		const list = speedList(id);
		let at = Math.floor(now / 1000) * 1000;
		const prev = list.length ? list[list.length - 1].result['Submission Time'] : null;
		if (prev && fmtSql(at) + '.0' <= prev) at = Date.parse(prev.slice(0, 19).replace(' ', 'T') + 'Z') + 1000;
		const result = makeSpeedResult(device, `${fmtSql(at)}.0`, list.length + 1);
		list.push({ availableAt: now + delayMs, result });
		return result;
	};

	// ---- jobs (lazy progression: Pending until _doneAt) ----
	fleet.addJob = (record, doneAt, result) => {
		const job = { Name: '', UnitId: '', Status: 'Pending', SubmitTim: '', ExecuteTim: '', Script: '', Command: '', Result: '', ...record };
		Object.defineProperty(job, '_doneAt', { value: doneAt, writable: true, enumerable: false });
		Object.defineProperty(job, '_result', { value: result, writable: true, enumerable: false });
		fleet.jobs.push(job);
		return job;
	};
	/** Applies due progressions (Pending -> Executed) to every job. */
	fleet.refreshJobs = (now = clock()) => {
		for (const job of fleet.jobs) {
			if (job.Status === 'Pending' && job._doneAt !== undefined && job._doneAt <= now) {
				job.Status = 'Executed';
				job.Result = job._result;
			}
		}
	};
	fleet.jobResult = jobResult;

	// ---- files written by UpdateFile ----
	fleet.writeFile = (id, filename, content) => {
		if (!fleet.files.has(id)) fleet.files.set(id, new Map());
		fleet.files.get(id).set(filename, content);
	};
	fleet.getFile = (id, filename) => (fleet.files.get(id) || new Map()).get(filename);

	// ---- connections ----
	fleet.addConnection = ({ UnitId, LocalPort, LocalHost = '', Host, Permanent = 'false', LimitingAccessIP = '' }) => {
		const device = fleet.byId.get(UnitId);
		const conn = {
			Name: device ? device.Name : '',
			UnitId,
			LocalPort: String(LocalPort),
			LocalHost: LocalHost ? String(LocalHost) : '',
			Host: Host ? String(Host) : 'proxy7.remoteiot.com',
			Port: String(fleet.nextPort++),
			Permanent: String(Permanent),
			LimitingAccessIP: LimitingAccessIP ? String(LimitingAccessIP) : '',
		};
		fleet.connections.push(conn);
		return conn;
	};

	// ---- charts ----
	fleet.getChart = (id) => fleet.charts.find((c) => c.ChartId === id);
	fleet.rotateChartIds = () => {
		for (const chart of fleet.charts) chart.ChartId = chartId(rand);
		return fleet.charts;
	};

	return fleet;
}

module.exports = { createFleet, makeDevice, unitIdOf, CHART_NAMES };
