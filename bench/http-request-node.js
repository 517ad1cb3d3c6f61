'use strict';
/**
 * n8n's own HTTP Request node (n8n-nodes-base), loaded from the n8n that scripts/prepare-n8n.sh prepares
 * outside the clone, to run in the same n8n-core engine as our node.
 *
 * n8n-nodes-base `require('n8n-workflow')` would resolve to the cache's own copy: a second n8n-workflow
 * instance (its own error classes, so n8n-core's `instanceof` checks would miss them, and its own
 * expression engine). Requests for `n8n-workflow` / `n8n-core` made from inside the cache are therefore
 * resolved to this clone's copies (the same versions: n8n 2.41.1 pins n8n-core 2.41.1 and
 * n8n-workflow 2.41.0), so both nodes run on exactly one engine.
 */
const fs = require('fs');
const path = require('path');
const Module = require('module');
const { execFileSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const SHARED = new Set(['n8n-workflow', 'n8n-core']);

/** The prepared n8n folder (installs n8n on first use: several minutes). */
function prepareN8n() {
	if (process.env.REMOTEIOT_N8N_DIR) return process.env.REMOTEIOT_N8N_DIR;
	const out = execFileSync('bash', [path.join(ROOT, 'scripts', 'prepare-n8n.sh')], {
		cwd: ROOT,
		stdio: ['ignore', 'pipe', 'inherit'],
		encoding: 'utf8',
	});
	const lines = out.trim().split('\n');
	return lines[lines.length - 1].trim();
}

function version(dir, name) {
	try {
		return JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8')).version;
	} catch {
		return 'unknown';
	}
}

/** Returns { HttpRequest (the versioned node type instance), dir, versions }. */
function loadHttpRequestNode() {
	const dir = prepareN8n();
	const base = path.join(dir, 'node_modules', 'n8n-nodes-base');
	if (!fs.existsSync(base)) throw new Error(`n8n-nodes-base not found in ${dir}`);
	const cacheNodeModules = path.join(dir, 'node_modules') + path.sep;
	const ours = {};
	for (const name of SHARED) ours[name] = require.resolve(name, { paths: [ROOT] });
	const original = Module._resolveFilename;
	Module._resolveFilename = function resolveShared(request, parent, ...rest) {
		if (SHARED.has(request) && parent && parent.filename && parent.filename.startsWith(cacheNodeModules)) {
			return ours[request];
		}
		return original.call(this, request, parent, ...rest);
	};
	const { HttpRequest } = require(path.join(base, 'dist', 'nodes', 'HttpRequest', 'HttpRequest.node.js'));
	const type = new HttpRequest();
	const cacheVersions = {
		n8n: version(dir, 'n8n'),
		'n8n-nodes-base': version(dir, 'n8n-nodes-base'),
		'n8n-core (n8n)': version(dir, 'n8n-core'),
		'n8n-workflow (n8n)': version(dir, 'n8n-workflow'),
	};
	return { type, dir, typeVersion: type.currentVersion, versions: cacheVersions };
}

module.exports = { loadHttpRequestNode, HTTP_REQUEST_TYPE: 'n8n-nodes-base.httpRequest' };
