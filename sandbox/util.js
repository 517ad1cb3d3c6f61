'use strict';
// Small shared helpers: deterministic hashing / PRNG and the GMT time formats the RemoteIoT API uses.

/** 32-bit integer mix of two numbers (deterministic, fast). */
function mix(a, b) {
	let h = Math.imul((a | 0) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul((b | 0) + 0x7f4a7c15, 0xc2b2ae35);
	h ^= h >>> 16;
	h = Math.imul(h, 0x7feb352d);
	h ^= h >>> 15;
	h = Math.imul(h, 0x846ca68b);
	h ^= h >>> 16;
	return h >>> 0;
}

/** FNV-1a hash of a string (unsigned 32-bit). */
function hashStr(str) {
	let h = 0x811c9dc5;
	for (let i = 0; i < str.length; i++) {
		h ^= str.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}

/** mulberry32 PRNG: returns a function yielding floats in [0, 1). */
function prng(seed) {
	let a = seed >>> 0;
	return function next() {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const pad2 = (n) => (n < 10 ? '0' : '') + n;

/** 'YYYY-MM-DD HH:mm:ss' in GMT. */
function fmtSql(ms) {
	const d = new Date(ms);
	return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

/** 'YYYYMMDD HH:mm:ss' in GMT (the status endpoint's LastOnlineTime format). */
function fmtCompact(ms) {
	const d = new Date(ms);
	return `${d.getUTCFullYear()}${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

const SQL_RE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.0)?$/;

/** Parses 'YYYY-MM-DD HH:mm:ss' (optionally '.0') as GMT; NaN when invalid. */
function parseSql(str) {
	const m = typeof str === 'string' ? SQL_RE.exec(str) : null;
	if (!m) return NaN;
	const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
	const ms = Date.UTC(y, mo - 1, d, h, mi, s);
	const back = new Date(ms);
	// Reject rolled-over dates such as 2024-02-31 or 25:00:00.
	if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || back.getUTCHours() !== h || mi > 59 || s > 59) {
		return NaN;
	}
	return ms;
}

const b64url = (buf) => Buffer.from(buf).toString('base64url');

/** Command-line flags: `--name value`, `--name=value`, or a bare `--flag` (= 'true'). */
function parseArgs(argv) {
	const out = {};
	for (let k = 0; k < argv.length; k++) {
		const m = /^--([a-zA-Z-]+)(?:=(.*))?$/.exec(argv[k]);
		if (!m) continue;
		out[m[1]] = m[2] !== undefined ? m[2] : argv[k + 1] !== undefined && !argv[k + 1].startsWith('--') ? argv[++k] : 'true';
	}
	return out;
}

module.exports = { mix, hashStr, prng, fmtSql, fmtCompact, parseSql, b64url, parseArgs };
