'use strict';
// Shared helpers for the sandbox tests: start a sandbox and call it with the global fetch.
const { createSandbox } = require('../../sandbox/server');

async function startSandbox(options = {}) {
	const sandbox = createSandbox(options);
	const { baseUrl, token } = await sandbox.start();
	/** POST a JSON body (or nothing when body === undefined) to an endpoint. */
	const call = async (name, body, { auth = token, raw, headers = {} } = {}) => {
		const h = { ...headers };
		if (auth) h.Authorization = `Bearer ${auth}`;
		let payload;
		if (raw !== undefined) payload = raw;
		else if (body !== undefined) payload = JSON.stringify(body);
		if (payload !== undefined && !h['Content-Type']) h['Content-Type'] = 'application/json';
		const res = await fetch(`${baseUrl}/${name}`, { method: 'POST', headers: h, body: payload });
		const text = await res.text();
		let json;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			json = undefined;
		}
		return { status: res.status, text, json, headers: res.headers };
	};
	const control = async (method, path, body) => {
		const res = await fetch(`${baseUrl.replace('/portal/api', '')}/__sandbox/${path}`, {
			method,
			headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		return { status: res.status, json: text ? JSON.parse(text) : undefined };
	};
	return { sandbox, baseUrl, token, call, control };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls fn until it returns a truthy value (or throws after timeoutMs). */
async function waitFor(fn, timeoutMs = 3000, stepMs = 20) {
	const end = Date.now() + timeoutMs;
	for (;;) {
		const v = await fn();
		if (v) return v;
		if (Date.now() > end) throw new Error('waitFor timed out');
		await sleep(stepMs);
	}
}

const csvRows = (text) => text.split('\n').filter(Boolean).map((l) => l.split(','));

module.exports = { startSandbox, sleep, waitFor, csvRows };
