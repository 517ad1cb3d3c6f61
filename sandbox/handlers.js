'use strict';
// RemoteIoT endpoint implementations. Each handler gets (body, ctx) and returns the response payload:
// JSON endpoints return a value to serialise, CSV endpoints a string, action endpoints undefined.
// Errors are thrown as HttpError(status, detail).
const { mix, hashStr, fmtSql, parseSql } = require('./util');
const { toCsv } = require('./csv');

class HttpError extends Error {
	constructor(status, detail) {
		super(detail);
		this.status = status;
		this.detail = detail;
	}
}

const MAX_IDS = 1000;
const HOUR = 3600000;
const FIVE_MIN = 300000;

const bad = (detail) => new HttpError(400, detail);
const notFound = (detail) => new HttpError(404, detail);
const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const nonEmpty = (v) => typeof v === 'string' && v.length > 0;

function objBody(body) {
	if (body === undefined) return {};
	if (!isObj(body)) throw bad('Request body must be a JSON object');
	return body;
}

function requireUnitId(body) {
	if (!nonEmpty(body.UnitId)) throw bad('UnitId is required');
	return body.UnitId;
}

/** Hour: positive integer (number, or a string of digits). */
function parseHour(value) {
	const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
	if (!Number.isInteger(n) || n <= 0) throw bad('Hour must be a positive integer');
	return n;
}

/** The UnitIds of a `[{UnitId}]` array (max 1000). */
function unitIds(list, field = 'Unit', max = MAX_IDS) {
	if (!Array.isArray(list)) throw bad(`${field} must be a JSON array of {"UnitId": "..."}`);
	if (list.length > max) throw bad(`Too many ids: ${list.length} (up to ${max})`);
	return list.map((u) => (isObj(u) ? u.UnitId : undefined)).filter((id) => typeof id === 'string');
}

/** Optional ExecuteTime 'YYYY-MM-DD HH:mm:ss' (GMT): returns ms or undefined. */
function parseExecuteTime(value) {
	if (value === undefined || value === null || value === '') return undefined;
	const ms = parseSql(value);
	if (Number.isNaN(ms) || value.length !== 19) throw bad('ExecuteTime must be formatted YYYY-MM-DD HH:mm:ss');
	return ms;
}

// Deterministic chart/metric values.
const CHART_RANGES = { 'CPU Temperature': [38, 30], 'Memory Usage': [180000, 20000], 'Disk Usage': [20, 60] };
function chartValue(unitId, chartName, slot) {
	const [base, span] = CHART_RANGES[chartName] || [100, 1000];
	return base + (mix(hashStr(unitId) ^ hashStr(chartName), slot) % span);
}
function metricValue(kind, device, slot) {
	const h = mix(hashStr(device.UnitId) ^ hashStr(kind), slot);
	if (kind === 'NetworkIn' || kind === 'NetworkOut') return 100000 + (h % 9900000);
	if (device.Status === 'Offline') return h % 61; // 0..60
	return h % 4 === 0 ? 90 + (h % 11) : 100; // mostly 100
}
/** Timestamps (ms) of the last `count` steps of `step` ms, ending at the current step, ascending. */
function slots(now, count, step) {
	const last = Math.floor(now / step) * step;
	const out = new Array(count);
	for (let k = 0; k < count; k++) out[k] = last - (count - 1 - k) * step;
	return out;
}

function createHandlers({ fleet, state, clock }) {
	const device = (id) => {
		const d = fleet.getDevice(id);
		if (!d) throw notFound(`Device ${id} not found`);
		return d;
	};
	const nowSql = () => `${fmtSql(clock())}.0`;

	function metricCsv(kind) {
		return (body) => {
			body = objBody(body);
			const hours = parseHour(body.Hour);
			const ids = unitIds(body.Unit);
			const times = slots(clock(), hours, HOUR);
			const rows = [];
			for (const id of ids) {
				const d = fleet.getDevice(id);
				if (!d) continue; // unknown ids are omitted
				for (const t of times) rows.push([d.UnitId, fmtSql(t), metricValue(kind, d, t / HOUR)]);
			}
			return toCsv(['UnitId', 'Timestamp', 'Value'], rows);
		};
	}

	/** name -> { kind: 'json' | 'csv' | 'empty', fn } */
	const routes = {
		device: {
			kind: 'json',
			fn(body) {
				body = objBody(body);
				const group = body.Group;
				if (group !== undefined && group !== null && typeof group !== 'string') throw bad('Group must be a string');
				const out = [];
				for (const d of fleet.devices) {
					if (group && d.Group !== group) continue;
					out.push({ UnitId: d.UnitId, External_ip: d.External_ip, Internal_ip: d.Internal_ip, Mac: d.Mac, Notes: d.Notes, Group: d.Group, Name: d.Name, Serial: d.Serial });
				}
				return out;
			},
		},

		GetDevice: {
			kind: 'json',
			fn(body) {
				body = objBody(body);
				if (typeof body.Name !== 'string') throw bad('Name is required');
				let pattern = body.Name;
				let flags = '';
				// Java-style inline case-insensitive flag.
				if (pattern.startsWith('(?i)')) {
					pattern = pattern.slice(4);
					flags = 'i';
				}
				let re;
				try {
					re = new RegExp(pattern, flags);
				} catch (e) {
					throw bad(`Invalid regular expression: ${e.message}`);
				}
				return fleet.devices
					.filter((d) => re.test(d.Name))
					.map((d) => ({ UnitId: d.UnitId, 'External IP': d.External_ip, 'Internal IP': d.Internal_ip, 'MAC Address': d.Mac, Description: d.Notes, Group: d.Group, Name: d.Name, Serial: d.Serial }));
			},
		},

		rename: {
			kind: 'empty',
			fn(body) {
				body = objBody(body);
				const id = requireUnitId(body);
				if (!nonEmpty(body.Name)) throw bad('Name is required');
				if (body.Description !== undefined && body.Description !== null && typeof body.Description !== 'string') throw bad('Description must be a string');
				const d = device(id);
				d.Name = body.Name;
				if (typeof body.Description === 'string') d.Notes = body.Description; // absent keeps the current one
			},
		},

		status: {
			kind: 'json',
			fn(body) {
				if (!Array.isArray(body)) throw bad('Body must be a JSON array of {"UnitId": "..."}');
				const ids = unitIds(body, 'Body');
				const out = [];
				for (const id of ids) {
					const d = fleet.byId.get(id);
					if (d) out.push({ UnitId: d.UnitId, LastOnlineTime: fleet.lastOnlineTimeOf(d), Status: d.Status });
				}
				return out;
			},
		},

		connect: {
			kind: 'json',
			fn(body) {
				body = objBody(body);
				const id = requireUnitId(body);
				const port = typeof body.LocalPort === 'number' ? String(body.LocalPort) : body.LocalPort;
				if (typeof port !== 'string' || !/^\d{1,5}$/.test(port.trim()) || Number(port) > 65535) throw bad('LocalPort must be a port number');
				device(id);
				const conn = fleet.addConnection({ ...body, UnitId: id, LocalPort: port.trim() });
				return { Host: conn.Host, Port: Number(conn.Port) };
			},
		},

		DeleteDevice: {
			kind: 'empty',
			fn(body) {
				const id = requireUnitId(objBody(body));
				if (!fleet.removeDevice(id)) throw notFound(`Device ${id} not found`);
			},
		},

		DeleteConnection: {
			kind: 'empty',
			fn(body) {
				body = objBody(body);
				const id = requireUnitId(body);
				if (body.Port === undefined || body.Port === null || body.Port === '') throw bad('Port is required');
				const port = String(body.Port).trim();
				const idx = fleet.connections.findIndex((c) => c.UnitId === id && c.Port === port);
				if (idx < 0) throw notFound(`Connection ${id}:${port} not found`);
				fleet.connections.splice(idx, 1);
			},
		},

		ListConnection: {
			kind: 'json',
			fn() {
				return fleet.connections.map((c) => ({ Name: String(c.Name), UnitId: String(c.UnitId), LocalPort: String(c.LocalPort), LocalHost: String(c.LocalHost), Host: String(c.Host), Port: String(c.Port) }));
			},
		},

		log: {
			kind: 'json',
			fn(body) {
				body = objBody(body);
				const id = requireUnitId(body);
				if (!nonEmpty(body.File)) throw bad('File is required');
				device(id);
				const text = fleet.readLog(id, body.File);
				return text === null ? [] : [{ Log: text }];
			},
		},

		ChangeGroup: {
			kind: 'empty',
			fn(body) {
				body = objBody(body);
				const id = requireUnitId(body);
				if (!nonEmpty(body.Group)) throw bad('Group is required');
				device(id).Group = body.Group;
				fleet.groups.add(body.Group);
			},
		},

		AddGroup: {
			kind: 'empty',
			fn(body) {
				body = objBody(body);
				if (!nonEmpty(body.Group) || !body.Group.trim()) throw bad('Group is required');
				fleet.groups.add(body.Group);
			},
		},

		CustomField: {
			kind: 'json',
			fn(body) {
				body = objBody(body);
				if (!nonEmpty(body.CustomField)) throw bad('CustomField is required');
				const out = [];
				for (const id of unitIds(body.Unit)) {
					if (fleet.byId.has(id)) out.push({ UnitId: id, Custom: fleet.getCustomField(id, body.CustomField) });
				}
				return out;
			},
		},

		UpdateCustomField: {
			kind: 'empty',
			fn(body) {
				body = objBody(body);
				if (!nonEmpty(body.CustomField)) throw bad('CustomField is required');
				const id = requireUnitId(body);
				if (body.Value !== undefined && body.Value !== null && typeof body.Value === 'object') throw bad('Value must be a string');
				device(id);
				fleet.setCustomField(id, body.CustomField, body.Value);
			},
		},

		SubmitSpeedTest: {
			kind: 'empty',
			fn(body) {
				const id = requireUnitId(objBody(body));
				device(id);
				fleet.submitSpeedTest(id, state.delays.speedTestDelayMs, clock());
			},
		},

		GetSpeedTestResult: {
			kind: 'json',
			fn(body) {
				const id = requireUnitId(objBody(body));
				device(id);
				return fleet.latestSpeedTest(id, clock()) || {};
			},
		},

		submitjob: {
			kind: 'empty',
			fn(body) {
				body = objBody(body);
				if (!nonEmpty(body.JobName)) throw bad('JobName is required');
				const id = requireUnitId(body);
				const script = nonEmpty(body.Script) ? body.Script : '';
				const command = nonEmpty(body.Command) ? body.Command : '';
				if (!script && !command) throw bad('Script or Command is required');
				const executeAt = parseExecuteTime(body.ExecuteTime);
				const d = device(id);
				const now = clock();
				fleet.addJob(
					{
						Name: body.JobName,
						UnitId: id,
						Status: 'Pending',
						SubmitTim: `${fmtSql(now)}.0`,
						ExecuteTim: executeAt === undefined ? `${fmtSql(now)}.0` : `${body.ExecuteTime}.0`,
						Script: script,
						Command: script ? '' : command, // Command is ignored when Script is set
						Result: '',
					},
					Math.max(now, executeAt === undefined ? now : executeAt) + state.delays.jobDelayMs,
					fleet.jobResult(d, script, command),
				);
			},
		},

		UpdateFile: {
			kind: 'empty',
			fn(body) {
				body = objBody(body);
				if (!nonEmpty(body.JobName)) throw bad('JobName is required');
				const id = requireUnitId(body);
				if (!nonEmpty(body.Filename)) throw bad('Filename is required');
				if (body.Content !== undefined && body.Content !== null && typeof body.Content !== 'string') throw bad('Content must be a string');
				const executeAt = parseExecuteTime(body.ExecuteTime);
				device(id);
				const now = clock();
				const content = body.Content || '';
				fleet.writeFile(id, body.Filename, content);
				fleet.addJob(
					{
						Name: body.JobName,
						UnitId: id,
						Status: 'Pending',
						SubmitTim: `${fmtSql(now)}.0`,
						ExecuteTim: executeAt === undefined ? `${fmtSql(now)}.0` : `${body.ExecuteTime}.0`,
						Script: '',
						Command: '',
						Result: '',
					},
					Math.max(now, executeAt === undefined ? now : executeAt) + state.delays.jobDelayMs,
					`file updated: ${body.Filename} (${Buffer.byteLength(content)} bytes)`,
				);
			},
		},

		FileUpload: {
			kind: 'empty',
			fn(body, ctx) {
				if (!ctx.multipart) throw bad('Content-Type must be multipart/form-data');
				const file = body.files.find((f) => f.name === 'File');
				if (!file) throw bad('File part is required');
				if (body.fields.Data === undefined) throw bad('Data part is required');
				if (ctx.dataError) throw bad(`Data is not valid JSON: ${ctx.dataError}`);
				const data = body.fields.Data;
				if (!isObj(data)) throw bad('Data must be a JSON object');
				const isAll = data.IsAll === true || data.IsAll === 'true';
				const units = data.Unit === undefined || data.Unit === null || data.Unit === '' ? [] : unitIds(data.Unit, 'Unit', Infinity);
				if (!isAll && !nonEmpty(data.Group) && units.length === 0) throw bad('No target: set IsAll, Group or Unit');
				parseExecuteTime(data.ExecuteTime);
				fleet.uploads.push({ filename: file.filename || '', contentType: file.contentType || 'application/octet-stream', size: file.content.length, content: file.content, data, at: clock() });
			},
		},

		listjob: {
			kind: 'json',
			fn(body) {
				body = objBody(body);
				const id = body.UnitId;
				if (id !== undefined && id !== null && typeof id !== 'string') throw bad('UnitId must be a string');
				fleet.refreshJobs(clock());
				return fleet.jobs
					.filter((j) => !id || j.UnitId === id)
					.map((j) => ({ Name: j.Name, UnitId: j.UnitId, Status: j.Status, SubmitTim: j.SubmitTim, ExecuteTim: j.ExecuteTim, Script: j.Script, Command: j.Command, Result: j.Result }));
			},
		},

		DeleteJob: {
			kind: 'empty',
			fn(body) {
				const id = requireUnitId(objBody(body));
				device(id);
				// In place: fleet.jobs keeps its identity.
				let w = 0;
				for (const job of fleet.jobs) if (job.UnitId !== id) fleet.jobs[w++] = job;
				fleet.jobs.length = w;
			},
		},

		ListChart: {
			kind: 'json',
			fn() {
				return fleet.charts.map((c) => ({ Name: c.Name, ChartId: c.ChartId }));
			},
		},

		UpdateChartId: {
			kind: 'empty',
			fn() {
				fleet.rotateChartIds();
			},
		},

		ChartHistory: {
			kind: 'csv',
			fn(body) {
				body = objBody(body);
				const id = requireUnitId(body);
				if (!nonEmpty(body.ChartId)) throw bad('ChartId is required');
				const hours = parseHour(body.Hour);
				const chart = fleet.getChart(body.ChartId);
				if (!chart) throw notFound(`Chart ${body.ChartId} not found`);
				const d = device(id);
				const rows = slots(clock(), hours * 12, FIVE_MIN).map((t) => [fmtSql(t), chartValue(d.UnitId, chart.Name, t / FIVE_MIN)]);
				return toCsv(['Timestamp', 'Value'], rows);
			},
		},

		ChartHistoryMulti: {
			kind: 'csv',
			fn(body) {
				body = objBody(body);
				if (!nonEmpty(body.ChartId)) throw bad('ChartId is required');
				const hours = parseHour(body.Hour);
				const ids = unitIds(body.Unit);
				const chart = fleet.getChart(body.ChartId);
				if (!chart) throw notFound(`Chart ${body.ChartId} not found`);
				const times = slots(clock(), hours, HOUR);
				const rows = [];
				for (const id of ids) {
					if (!fleet.byId.has(id)) continue;
					for (const t of times) rows.push([id, fmtSql(t), chartValue(id, chart.Name, t / FIVE_MIN)]);
				}
				return toCsv(['UnitId', 'Timestamp', 'Value'], rows);
			},
		},

		DeviceUptime: { kind: 'csv', fn: metricCsv('DeviceUptime') },
		NetworkUptime: { kind: 'csv', fn: metricCsv('NetworkUptime') },
		NetworkIn: { kind: 'csv', fn: metricCsv('NetworkIn') },
		NetworkOut: { kind: 'csv', fn: metricCsv('NetworkOut') },
	};

	return new Map(Object.entries(routes));
}

module.exports = { createHandlers, HttpError };
