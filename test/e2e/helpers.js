'use strict';
// Helpers of the e2e suite: start the stack from the global setup's tarball, build small workflows.
const fs = require('fs');
const path = require('path');
const { startStack, NODE_TYPES, CREDENTIAL_TYPE } = require('../../scripts/n8n-server');

const ARTIFACTS = path.resolve(__dirname, '..', '..', 'test-results', 'e2e');

/** n8n + sandbox + owner + credential, from the tarball packed by global-setup.js. */
async function startE2eStack(options = {}) {
	return startStack({
		n8nDir: process.env.REMOTEIOT_E2E_N8N_DIR,
		tarball: process.env.REMOTEIOT_E2E_TARBALL,
		...options,
	});
}

const unitId = (i) => String(88880000 + i).padStart(16, '0');
const byId = (value) => ({ __rl: true, mode: 'id', value });
const byName = (value) => ({ __rl: true, mode: 'name', value });

let counter = 0;
/** A RemoteIoT node (the credential is filled in on import). */
function remoteIot(name, parameters, extra = {}) {
	return {
		id: `e2e-${++counter}`,
		name,
		type: NODE_TYPES.action,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { [CREDENTIAL_TYPE]: { id: 'placeholder', name: 'placeholder' } },
		...extra,
	};
}

/** Any other node. */
function node(name, type, typeVersion, parameters, extra = {}) {
	return { id: `e2e-${++counter}`, name, type, typeVersion, position: [0, 0], parameters, ...extra };
}

/** Manual Trigger "Start" followed by the given nodes in a chain. */
function chain(name, nodes) {
	const all = [node('Start', 'n8n-nodes-base.manualTrigger', 1, {}), ...nodes];
	const connections = {};
	all.forEach((n, k) => {
		n.position = [k * 220, 0];
		if (k > 0) connections[all[k - 1].name] = { main: [[{ node: n.name, type: 'main', index: 0 }]] };
	});
	return { name, nodes: all, connections, settings: { executionOrder: 'v1' } };
}

/** Imports and runs a workflow; returns the finished execution. */
async function runChain(stack, name, nodes) {
	const wf = await stack.client.importWorkflow(chain(name, nodes), { credentials: { [CREDENTIAL_TYPE]: stack.credentialRef } });
	const ex = await stack.client.run(wf.id, 'Start');
	if (ex.status !== 'success') {
		const err = ex.error ? `${ex.error.message}${ex.error.description ? ` (${ex.error.description})` : ''}` : 'no error recorded';
		throw new Error(`Workflow "${name}" ended ${ex.status} at ${ex.lastNodeExecuted}: ${err}`);
	}
	return ex;
}

/** A Set node (v3.4) with string assignments. */
function setNode(name, values) {
	return node('Set ' + name, 'n8n-nodes-base.set', 3.4, {
		assignments: {
			assignments: Object.entries(values).map(([key, value], k) => ({ id: `a${k}`, name: key, value, type: 'string' })),
		},
		options: {},
	});
}

function artifact(file) {
	fs.mkdirSync(ARTIFACTS, { recursive: true });
	return path.join(ARTIFACTS, file);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Waits (polling the condition every `everyMs`) until fn() returns a truthy value, which it returns. */
async function until(fn, { timeoutMs = 60000, everyMs = 200, what = 'condition' } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await fn();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
		await sleep(everyMs);
	}
}

module.exports = { startE2eStack, unitId, byId, byName, remoteIot, node, chain, runChain, setNode, artifact, sleep, until, ARTIFACTS };
