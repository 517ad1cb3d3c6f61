'use strict';
// Local sandbox of the RemoteIoT API (https://remoteiot.com/portal/api/*) for tests and demos.
// Node builtins only. See createSandbox() below for the options, fleet helpers and test controls.
const http = require('http');
const crypto = require('crypto');
const { createFleet } = require('./fleet');
const { createHandlers, HttpError } = require('./handlers');
const { getBoundary, parseMultipart } = require('./multipart');
const { prng, b64url } = require('./util');

const API_PREFIX = '/portal/api/';
const CONTROL_PREFIX = '/__sandbox/';
const MAX_BODY = 64 * 1024 * 1024;

// The reference's error table.
const MESSAGES = {
	400: 'Bad Request – Your request sucks.',
	401: 'Unauthorized – Your API key is wrong.',
	403: 'Forbidden – Too many requests from the same client IP. Please refer API Rate Limits.',
	404: 'Not Found – The specified request or data could not be found.',
	500: 'Internal Server Error – We had a problem with our server. Try again later.',
	503: 'Service Unavailable – We are temporarily offline for maintenance. Please try again later.',
};

const MALFORMED_JSON = '[{"UnitId":"00000000888';
const MALFORMED_CSV = 'UnitId,Timestamp,Value\n0000000088880000,2026-11-25 08:00:00,100,EXTRA\n0000000088880001,"2026-11-25 09:00:00,100\n';

/** Deterministic JWT-looking token (three base64url parts) for a seed. */
function defaultToken(seed) {
	const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
	const payload = b64url(JSON.stringify({ iss: 'remoteiot-sandbox', sub: 'sandbox', seed, iat: 1764057600 }));
	const signature = crypto.createHmac('sha256', `remoteiot-sandbox-${seed}`).update(`${header}.${payload}`).digest('base64url');
	return `${header}.${payload}.${signature}`;
}

function normaliseFault(fault) {
	if (!fault || typeof fault !== 'object') throw new Error('A fault must be an object');
	const f = { ...fault };
	if (f.status !== undefined) f.status = Number(f.status);
	f.remaining = f.times === undefined ? 1 : Number(f.times);
	if (!(f.status || f.malformed || f.reset || f.hold || f.body !== undefined || f.delayMs !== undefined)) throw new Error(`Unknown fault ${JSON.stringify(fault)}`);
	return f;
}

function randomKindToFault(kind, slowMs) {
	if (kind === 'slow') return { delayMs: slowMs };
	if (kind === 'malformed') return { malformed: true };
	if (kind === 'reset') return { reset: true };
	return { status: Number(kind) };
}

/** A request record as JSON-safe data (Buffers as base64). */
function serialiseRequest(r) {
	let body = r.body;
	if (body && Array.isArray(body.files)) {
		body = { fields: body.fields, files: body.files.map((f) => ({ ...f, content: f.content.toString('base64'), encoding: 'base64' })) };
	}
	return { ...r, body };
}

function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		let size = 0;
		req.on('data', (c) => {
			size += c.length;
			if (size <= MAX_BODY) chunks.push(c);
		});
		req.on('end', () => (size > MAX_BODY ? reject(new Error('Request body too large')) : resolve(Buffer.concat(chunks))));
		req.on('error', reject);
	});
}

/** A rate option as { rate, burst } (requests per second per token, bucket size), or null for none. */
function normaliseRate(rate, burst) {
	const perSecond = Number(rate);
	if (rate === null || rate === undefined || rate === false || !(perSecond > 0)) return null;
	const size = burst === undefined || burst === null ? Math.max(1, perSecond) : Number(burst);
	if (!(size >= 1)) throw new Error(`A rate limit's burst must be at least 1, not ${burst}`);
	return { rate: perSecond, burst: size };
}

/** A latency option as { latencyMs, jitterMs } (jitter: uniform ± around the latency, never below 0). */
function normaliseLatency(latencyMs, jitterMs) {
	const l = Number(latencyMs) || 0;
	const j = Number(jitterMs) || 0;
	if (l < 0 || j < 0) throw new Error('Latency and jitter must not be negative');
	return { latencyMs: l, jitterMs: j };
}

/**
 * options: { devices = 50, seed = 1, token, port = 0, jobDelayMs = 2000, speedTestDelayMs = 3000,
 *            rate = null | N (requests per SECOND per token: a token bucket; 403 with Retry-After beyond it),
 *            burst = rate (the bucket's size), latencyMs = 0, jitterMs = 0 (every API answer is delayed by
 *            latencyMs ± jitterMs, as a real network and server do), clock = Date.now, maxRequests = 10000,
 *            lastOnlineTime = 'cameOnline' | 'lastSeen' (what the status endpoint's LastOnlineTime means) }
 */
function createSandbox(options = {}) {
	const opts = { devices: 50, seed: 1, port: 0, jobDelayMs: 2000, speedTestDelayMs: 3000, rate: null, latencyMs: 0, jitterMs: 0, maxRequests: 10000, ...options };
	const clock = typeof opts.clock === 'function' ? opts.clock : Date.now;
	const fleet = createFleet({ devices: opts.devices, seed: opts.seed, clock, lastOnlineTime: opts.lastOnlineTime });
	const token = opts.token || defaultToken(opts.seed);
	const state = {
		delays: { jobDelayMs: opts.jobDelayMs, speedTestDelayMs: opts.speedTestDelayMs },
		rateLimit: normaliseRate(opts.rate, opts.burst),
		buckets: new Map(), // token -> { tokens, at } (token bucket per access token)
		latency: normaliseLatency(opts.latencyMs, opts.jitterMs),
		jitterRng: prng((Number(opts.seed) || 1) + 7919),
		faults: [], // injected fault queue
		random: null, // { rate, kinds, slowMs, rng }
	};
	const routes = createHandlers({ fleet, state, clock });
	const requests = [];
	let stats = { total: 0, byPath: {}, byStatus: {} };
	// API requests being answered right now, and the most at once since the last clearRequests().
	let inFlight = 0;
	let maxInFlight = 0;
	const timers = new Set();
	let server = null;
	let baseUrl = null;
	let port = null;

	// Responses parked by a `hold` fault until control.releaseHeld(), and who waits for one.
	const held = [];
	const holdWaiters = [];

	const later = (ms, fn) => {
		const t = setTimeout(() => {
			timers.delete(t);
			fn();
		}, ms);
		timers.add(t);
	};

	// ---------- responses ----------
	/** Answers after the configured latency (± jitter) for API requests; control requests at once. */
	function send(res, status, contentType, text, record, extraHeaders) {
		if (record) {
			record.status = status;
			stats.byStatus[status] = (stats.byStatus[status] || 0) + 1;
		}
		const write = () => {
			if (res.destroyed || res.headersSent) return;
			const headers = { 'Content-Length': Buffer.byteLength(text), ...extraHeaders };
			if (contentType) headers['Content-Type'] = contentType;
			res.writeHead(status, headers);
			res.end(text);
		};
		const delay = record ? latencyDelay() : 0;
		if (delay > 0) later(delay, write);
		else write();
	}
	function latencyDelay() {
		const { latencyMs, jitterMs } = state.latency;
		if (!latencyMs && !jitterMs) return 0;
		return Math.max(0, latencyMs + (state.jitterRng() * 2 - 1) * jitterMs);
	}
	const sendJson = (res, status, value, record) => send(res, status, 'application/json;charset=UTF-8', JSON.stringify(value), record);
	const sendError = (res, status, detail, record, headers) =>
		send(
			res,
			status,
			'application/json;charset=UTF-8',
			JSON.stringify({ status, message: MESSAGES[status] || http.STATUS_CODES[status] || 'Error', detail }),
			record,
			headers,
		);

	// ---------- faults and rate limit ----------
	function nextFault(name) {
		const idx = state.faults.findIndex((f) => !f.path || f.path === name);
		if (idx >= 0) {
			const f = state.faults[idx];
			if (--f.remaining <= 0) state.faults.splice(idx, 1);
			return f;
		}
		const r = state.random;
		if (r && r.kinds.length && r.rng() < r.rate) return randomKindToFault(r.kinds[Math.floor(r.rng() * r.kinds.length)], r.slowMs);
		return null;
	}

	/**
	 * Token bucket per access token: `burst` tokens, refilled at `rate` per second. Returns 0 when the
	 * request may pass (one token taken), else the seconds until a token is back (for Retry-After).
	 */
	function rateLimited(client) {
		const rl = state.rateLimit;
		if (!rl) return 0;
		const now = clock();
		let bucket = state.buckets.get(client);
		if (!bucket) state.buckets.set(client, (bucket = { tokens: rl.burst, at: now }));
		bucket.tokens = Math.min(rl.burst, bucket.tokens + ((now - bucket.at) / 1000) * rl.rate);
		bucket.at = now;
		if (bucket.tokens >= 1) {
			bucket.tokens -= 1;
			return 0;
		}
		return Math.max(1, Math.ceil((1 - bucket.tokens) / rl.rate));
	}

	const authorised = (req) => {
		const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization || '');
		return !!m && m[1].trim() === token;
	};

	// ---------- request parsing ----------
	/** Returns { body, error, multipart, dataError }. */
	function parseBody(req, raw) {
		const boundary = getBoundary(req.headers['content-type']);
		if (boundary) {
			let parts;
			try {
				parts = parseMultipart(raw, boundary);
			} catch (e) {
				return { body: raw.toString('latin1'), error: `Malformed multipart body: ${e.message}` };
			}
			const fields = {};
			const files = [];
			let dataError;
			for (const p of parts) {
				if (p.filename !== undefined) {
					files.push({ name: p.name, filename: p.filename, contentType: p.contentType, content: p.content });
				} else if (p.name === 'Data') {
					const text = p.content.toString('utf8');
					try {
						fields.Data = JSON.parse(text);
					} catch (e) {
						fields.Data = text;
						dataError = e.message;
					}
				} else if (p.name !== undefined) {
					fields[p.name] = p.content.toString('utf8');
				}
			}
			return { body: { fields, files }, multipart: true, dataError };
		}
		if (raw.length === 0) return { body: undefined };
		const text = raw.toString('utf8');
		try {
			return { body: JSON.parse(text) };
		} catch (e) {
			return { body: text, error: `Malformed JSON body: ${e.message}` };
		}
	}

	// ---------- API ----------
	function handleApi(req, res, pathname, raw) {
		const name = pathname.startsWith(API_PREFIX) ? pathname.slice(API_PREFIX.length) : pathname;
		const parsed = parseBody(req, raw);
		const record = { method: req.method, path: name, headers: req.headers, body: parsed.body, status: null, at: Date.now() };
		requests.push(record);
		if (requests.length > opts.maxRequests) requests.splice(0, requests.length - opts.maxRequests);
		stats.total++;
		stats.byPath[name] = (stats.byPath[name] || 0) + 1;
		stats.firstAt = stats.firstAt ?? record.at;
		stats.lastAt = record.at;

		if (!authorised(req)) return sendError(res, 401, 'Missing or invalid bearer token', record);
		const retryAfter = rateLimited(req.headers.authorization || '');
		if (retryAfter) {
			const rl = state.rateLimit;
			return sendError(res, 403, `Rate limit of ${rl.rate} requests per second exceeded`, record, { 'Retry-After': String(retryAfter) });
		}
		const route = req.method === 'POST' && pathname.startsWith(API_PREFIX) ? routes.get(name) : undefined;

		const fault = nextFault(name);
		if (fault) {
			if (fault.reset) {
				req.socket.destroy();
				return undefined;
			}
			// An arbitrary answer: { body (text, or a value sent as JSON), status (default 200), contentType }.
			if (fault.body !== undefined) {
				const text = typeof fault.body === 'string' ? fault.body : JSON.stringify(fault.body);
				return send(res, fault.status || 200, fault.contentType === undefined ? 'application/json;charset=UTF-8' : fault.contentType, text, record);
			}
			if (fault.status) {
				const headers = fault.retryAfter !== undefined ? { 'Retry-After': String(fault.retryAfter) } : undefined;
				return sendError(res, fault.status, 'Injected fault', record, headers);
			}
			if (fault.malformed) {
				const csv = route && route.kind === 'csv';
				return send(res, 200, csv ? 'text/csv;charset=UTF-8' : 'application/json;charset=UTF-8', csv ? MALFORMED_CSV : MALFORMED_JSON, record);
			}
			if (fault.hold) {
				held.push(() => dispatch(res, route, name, parsed, record));
				for (const resolve of holdWaiters.splice(0)) resolve();
				return undefined;
			}
			if (fault.delayMs !== undefined) return later(Number(fault.delayMs) || 0, () => dispatch(res, route, name, parsed, record));
		}
		return dispatch(res, route, name, parsed, record);
	}

	function dispatch(res, route, name, parsed, record) {
		if (!route) return sendError(res, 404, `Unknown endpoint ${name}`, record);
		if (parsed.error) return sendError(res, 400, parsed.error, record);
		let result;
		try {
			result = route.fn(parsed.body, { multipart: !!parsed.multipart, dataError: parsed.dataError });
		} catch (e) {
			if (e instanceof HttpError) return sendError(res, e.status, e.detail, record);
			return sendError(res, 500, e && e.message ? e.message : String(e), record);
		}
		if (route.kind === 'json') return sendJson(res, 200, result, record);
		if (route.kind === 'csv') return send(res, 200, 'text/csv;charset=UTF-8', result, record);
		return send(res, 200, null, '', record);
	}

	// ---------- HTTP control API (for out-of-process users; not logged) ----------
	function handleControl(req, res, pathname, raw) {
		if (!authorised(req)) return sendError(res, 401, 'Missing or invalid bearer token');
		const op = `${req.method} ${pathname.slice(CONTROL_PREFIX.length)}`;
		let body = {};
		if (raw.length) {
			try {
				body = JSON.parse(raw.toString('utf8'));
			} catch (e) {
				return sendError(res, 400, `Malformed JSON body: ${e.message}`);
			}
		}
		try {
			switch (op) {
				case 'POST status':
					if (!fleet.getDevice(body.UnitId)) return sendError(res, 404, `Device ${body.UnitId} not found`);
					return sendJson(res, 200, fleet.setStatus(body.UnitId, body.Status));
				case 'POST log':
					if (!fleet.getDevice(body.UnitId)) return sendError(res, 404, `Device ${body.UnitId} not found`);
					if (typeof body.File !== 'string') return sendError(res, 400, 'File is required');
					fleet.appendLog(body.UnitId, body.File, body.Lines === undefined ? [] : body.Lines);
					return sendJson(res, 200, { ok: true });
				case 'POST faults':
					control.injectFaults(Array.isArray(body) ? body : body.faults || []);
					return sendJson(res, 200, { ok: true, pending: state.faults.length });
				case 'POST clear-faults':
					control.clearFaults();
					return sendJson(res, 200, { ok: true });
				case 'POST random-faults':
					control.setRandomFaults(body && body.rate !== undefined ? body : null);
					return sendJson(res, 200, { ok: true });
				case 'POST rate':
					control.setRate(body ? body.rate : null, body ? body.burst : undefined);
					return sendJson(res, 200, { ok: true, rateLimit: state.rateLimit });
				case 'POST latency':
					control.setLatency(body.latencyMs, body.jitterMs);
					return sendJson(res, 200, { ok: true, ...state.latency });
				case 'POST delays':
					control.setDelays(body);
					return sendJson(res, 200, { ok: true, ...state.delays });
				case 'POST device':
					return sendJson(res, 200, fleet.addDevice(body));
				case 'POST remove-device':
					return fleet.removeDevice(body.UnitId) ? sendJson(res, 200, { ok: true }) : sendError(res, 404, `Device ${body.UnitId} not found`);
				case 'GET requests':
					return sendJson(res, 200, requests.map(serialiseRequest));
				case 'POST reset-requests':
					control.clearRequests();
					return sendJson(res, 200, { ok: true });
				case 'GET stats':
					return sendJson(res, 200, control.stats());
				default:
					return sendError(res, 404, `Unknown control ${op}`);
			}
		} catch (e) {
			return sendError(res, 400, e.message);
		}
	}

	async function onRequest(req, res) {
		res.on('error', () => {});
		let raw;
		try {
			raw = await readBody(req);
		} catch (e) {
			return sendError(res, 400, e.message);
		}
		const pathname = (req.url || '/').split('?')[0];
		if (pathname.startsWith(CONTROL_PREFIX)) return handleControl(req, res, pathname, raw);
		inFlight++;
		maxInFlight = Math.max(maxInFlight, inFlight);
		res.once('close', () => inFlight--);
		return handleApi(req, res, pathname, raw);
	}

	// ---------- in-process test controls ----------
	const control = {
		get requests() {
			return requests;
		},
		clearRequests() {
			requests.length = 0;
			stats = { total: 0, byPath: {}, byStatus: {} };
			maxInFlight = inFlight;
		},
		requestsTo: (path) => requests.filter((r) => r.path === path),
		/** Resolves once a request is parked by a `{ hold: true }` fault (at once if one is). */
		whenHeld() {
			return held.length ? Promise.resolve() : new Promise((resolve) => holdWaiters.push(resolve));
		},
		/** Answers every parked request now. */
		releaseHeld() {
			for (const answer of held.splice(0)) answer();
		},
		/** Queue fault(s) consumed in order by the next matching requests. */
		injectFaults(faults) {
			for (const f of Array.isArray(faults) ? faults : [faults]) state.faults.push(normaliseFault(f));
		},
		clearFaults() {
			state.faults.length = 0;
		},
		get pendingFaults() {
			return state.faults.map((f) => ({ ...f }));
		},
		setRandomFaults(cfg) {
			if (!cfg) {
				state.random = null;
				return;
			}
			state.random = {
				rate: Number(cfg.rate) || 0,
				kinds: (cfg.kinds || ['403', '500', '503', 'malformed', 'slow']).map(String),
				slowMs: cfg.slowMs === undefined ? 50 : Number(cfg.slowMs),
				rng: prng(cfg.seed === undefined ? 1 : Number(cfg.seed)),
			};
		},
		/** Rate limit per access token in requests per second (null: none); `burst` = bucket size (default: rate). */
		setRate(rate, burst) {
			state.rateLimit = normaliseRate(rate, burst);
			state.buckets.clear();
		},
		/** Every API answer is delayed by latencyMs ± jitterMs from now on. */
		setLatency(latencyMs, jitterMs = 0) {
			state.latency = normaliseLatency(latencyMs, jitterMs);
		},
		setDelays(delays = {}) {
			if (delays.jobDelayMs !== undefined) state.delays.jobDelayMs = Number(delays.jobDelayMs);
			if (delays.speedTestDelayMs !== undefined) state.delays.speedTestDelayMs = Number(delays.speedTestDelayMs);
		},
		/** Counters since clearRequests(): requests, per endpoint, per status, the most in flight at once, and when the first and last request arrived. */
		stats: () => ({
			total: stats.total,
			byPath: { ...stats.byPath },
			byStatus: { ...stats.byStatus },
			maxInFlight,
			...(stats.firstAt === undefined ? {} : { firstAt: stats.firstAt, lastAt: stats.lastAt }),
		}),
	};

	const sandbox = {
		options: opts,
		token,
		fleet,
		control,
		get baseUrl() {
			return baseUrl;
		},
		get port() {
			return port;
		},
		/** Full URL of an endpoint, e.g. url('status'). */
		url: (name) => `${baseUrl}/${name}`,

		async start() {
			if (server) return { baseUrl, token };
			server = http.createServer((req, res) => {
				onRequest(req, res).catch((e) => {
					if (!res.headersSent && !res.destroyed) sendError(res, 500, e.message);
				});
			});
			server.on('clientError', (err, socket) => socket.destroy());
			await new Promise((resolve, reject) => {
				server.once('error', reject);
				server.listen(opts.port || 0, '127.0.0.1', () => {
					server.off('error', reject);
					resolve();
				});
			});
			port = server.address().port;
			baseUrl = `http://127.0.0.1:${port}/portal/api`;
			return { baseUrl, token };
		},

		async stop() {
			for (const t of timers) clearTimeout(t);
			timers.clear();
			held.length = 0;
			if (!server) return;
			const s = server;
			server = null;
			await new Promise((resolve) => {
				s.close(() => resolve());
				s.closeAllConnections();
			});
		},
	};
	return sandbox;
}

module.exports = { createSandbox, defaultToken, MESSAGES };
