'use strict';
// Runs this package inside a real n8n server (2.x, or 1.x with N8N_VERSION=1.123.81), the way a user would get it:
//   prepareN8n()              -> folder prepared by scripts/prepare-n8n.sh (Node + n8n, cached per version;
//                                the version is N8N_VERSION, default 2.41.1)
//   packPackage()             -> fresh build in a temporary copy of the repo, `npm pack` there
//   installPackage(tgz, user) -> unpacks into <user>/.n8n/nodes/node_modules/<name> as n8n's
//                                community-package installer does (dev/peer/optional deps stripped,
//                                `npm install` with scripts off), registers it in nodes/package.json
//   startN8n({ n8nDir, userFolder }) -> n8n on 127.0.0.1 (free ports), waits for /healthz/readiness
//   N8nClient                 -> the internal REST API (owner setup, login, credentials, workflows,
//                                activation, manual runs, executions)
// Used by scripts/dev.js and test/e2e. Node builtins only (plus n8n's own `flatted`, loaded from n8n).
// CLI: node scripts/n8n-server.js pack   -> prints the tarball path and its file list
const fs = require('fs');
const os = require('os');
const path = require('path');
const net = require('net');
const { spawn, execFileSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const PACKAGE_NAME = require(path.join(ROOT, 'package.json')).name;
const NODE_TYPES = {
	action: `${PACKAGE_NAME}.remoteIot`,
	trigger: `${PACKAGE_NAME}.remoteIotTrigger`,
};
const CREDENTIAL_TYPE = 'remoteIotApi';
const OWNER = { email: 'owner@example.com', firstName: 'Remote', lastName: 'Owner', password: 'RemoteIoT-dev-1' };
const BROWSER_ID = 'n8n-nodes-remoteiot-scripts';

const log = (...a) => process.stderr.write(`[n8n-server] ${a.join(' ')}\n`);

/** The n8n version to run: N8N_VERSION, else the one CI and the README use. */
const DEFAULT_N8N_VERSION = '2.41.1';
const n8nVersion = () => process.env.N8N_VERSION || DEFAULT_N8N_VERSION;

/**
 * Runs scripts/prepare-n8n.sh for `version` (a no-op when cached) and returns the prepared folder.
 * quiet: its progress goes to the returned error only (on failure the error carries its last lines).
 */
function prepareN8n({ quiet = false, version = n8nVersion() } = {}) {
	let out;
	try {
		out = execFileSync('bash', [path.join(__dirname, 'prepare-n8n.sh')], {
			encoding: 'utf8',
			env: { ...process.env, N8N_VERSION: version },
			stdio: ['ignore', 'pipe', quiet ? 'pipe' : 'inherit'],
			maxBuffer: 64 * 1024 * 1024,
		});
	} catch (e) {
		const said = String(e.stderr || '').trim().split('\n').slice(-12).join('\n');
		throw new Error(`scripts/prepare-n8n.sh failed for n8n ${version}${said ? `:\n${said}` : ' (its output is above)'}`);
	}
	const dir = out.trim().split('\n').pop().trim();
	return paths(dir);
}

/** The executables inside a prepared folder (<cache>/n8n-<version>-node<major>). */
function paths(dir) {
	const major = (/-node(\d+)$/.exec(dir) || [, '24'])[1];
	const node = path.join(dir, `node${major}`, 'node_modules', '.bin', 'node');
	const n8nBin = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	for (const f of [node, n8nBin]) if (!fs.existsSync(f)) throw new Error(`${f} is missing: run scripts/prepare-n8n.sh`);
	return { dir, node, n8nBin, version: require(path.join(dir, 'node_modules', 'n8n', 'package.json')).version };
}

/**
 * Builds the package in a temporary copy of the repo (never touches ./dist) and packs it.
 * Returns { tarball, files: [paths inside the package], workDir }.
 */
function packPackage({ outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'remoteiot-e2e-pack-')), quiet = true } = {}) {
	const work = path.join(outDir, 'src');
	fs.mkdirSync(work, { recursive: true });
	const skip = new Set(['node_modules', 'dist', '.git', 'coverage', 'test-results', '.n8n-e2e', '.cache']);
	for (const entry of fs.readdirSync(ROOT)) {
		if (skip.has(entry) || entry.endsWith('.tgz')) continue;
		fs.cpSync(path.join(ROOT, entry), path.join(work, entry), { recursive: true });
	}
	fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(work, 'node_modules'), 'dir');
	const stdio = ['ignore', quiet ? 'pipe' : 'inherit', 'inherit'];
	const bin = (name) => path.join(ROOT, 'node_modules', '.bin', name);
	execFileSync(bin('tsc'), ['-p', 'tsconfig.json', '--outDir', 'dist'], { cwd: work, stdio });
	execFileSync(bin('gulp'), ['build:icons'], { cwd: work, stdio });
	const packed = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', outDir], {
			cwd: work,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'pipe'],
		}),
	)[0];
	return { tarball: path.join(outDir, packed.filename), files: packed.files.map((f) => f.path), workDir: work, outDir };
}

/**
 * Installs a tarball as n8n's community-package installer does (n8n 2.41 CommunityPackagesService.downloadPackage):
 * extract into <userFolder>/.n8n/nodes/node_modules/<name>, drop dev/peer/optional dependencies from its
 * package.json, `npm install` there with scripts off and no lockfile, then add it to nodes/package.json.
 * Returns { packageDir, nodesDir, version }.
 */
function installPackage(tarball, userFolder) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const packageDir = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	fs.rmSync(packageDir, { recursive: true, force: true });
	fs.mkdirSync(packageDir, { recursive: true });
	execFileSync('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
	const pkgPath = path.join(packageDir, 'package.json');
	const pkg = JSON.parse(fs.readFileSync(pkgPath, 'utf8'));
	for (const field of ['devDependencies', 'peerDependencies', 'optionalDependencies']) delete pkg[field];
	fs.writeFileSync(pkgPath, JSON.stringify(pkg, null, 2));
	execFileSync(
		'npm',
		['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'],
		{ cwd: packageDir, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	const nodesPkgPath = path.join(nodesDir, 'package.json');
	const nodesPkg = fs.existsSync(nodesPkgPath)
		? JSON.parse(fs.readFileSync(nodesPkgPath, 'utf8'))
		: { name: 'installed-nodes', private: true, dependencies: {} };
	nodesPkg.dependencies = { ...(nodesPkg.dependencies || {}), [PACKAGE_NAME]: pkg.version };
	fs.writeFileSync(nodesPkgPath, JSON.stringify(nodesPkg, null, 2));
	return { packageDir, nodesDir, version: pkg.version };
}

/** Every package.json name found under a node_modules tree (to check that no n8n-workflow copy landed). */
function installedPackageNames(nodesDir) {
	const names = [];
	const walk = (dir) => {
		if (!fs.existsSync(dir)) return;
		for (const entry of fs.readdirSync(dir)) {
			if (entry.startsWith('.')) continue;
			const full = path.join(dir, entry);
			if (entry.startsWith('@')) {
				walk(full);
				continue;
			}
			const pj = path.join(full, 'package.json');
			if (fs.existsSync(pj)) names.push(JSON.parse(fs.readFileSync(pj, 'utf8')).name);
			walk(path.join(full, 'node_modules'));
		}
	};
	walk(path.join(nodesDir, 'node_modules'));
	return names;
}

function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The environment n8n runs with: loopback only, nothing phoning home. */
function n8nEnv({ n8n, userFolder, port, brokerPort, extra = {} }) {
	const env = { ...process.env };
	// The project's npm settings and Node 20's PATH must not leak into n8n's process.
	// NODE_ENV=test (set by jest) changes how n8n starts: drop it along with jest's own variables.
	for (const k of Object.keys(env)) {
		if (/^npm_/i.test(k) || k.startsWith('N8N_') || k.startsWith('JEST_') || ['NODE_OPTIONS', 'NODE_ENV'].includes(k)) delete env[k];
	}
	return {
		...env,
		PATH: `${path.dirname(n8n.node)}:${env.PATH}`,
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_HOST: '127.0.0.1',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}`,
		N8N_WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		// 2.x's MCP registry module phones home; n8n 1.x has no such module and refuses to start on an unknown one.
		...(Number(String(n8n.version).split('.')[0]) >= 2 ? { N8N_DISABLED_MODULES: 'mcp-registry' } : {}),
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
		N8N_LOG_LEVEL: 'info',
		...extra,
	};
}

/**
 * Starts one n8n process in its own process group (n8n and its task runners stop together) and waits until it
 * is ready. `command`/`args`: `start` (the default) or e.g. `worker --concurrency=5`. Ready: a main's
 * /healthz/readiness and /rest/settings (n8n 1.x reports ready once its database is migrated, before the REST
 * API is mounted); a worker's /healthz/readiness on `healthPort` (pass QUEUE_HEALTH_CHECK_PORT in env too).
 * options: { n8n (from prepareN8n), userFolder, port?, env?, logFile?, command = 'start', args = [], healthPort?,
 *            timeoutMs = 180000, echo = false, onSpawn?(child), onExit?(exited) }
 * Returns { url, port, brokerPort, healthPort, process, pid, logFile, readyMs, exited, exitPromise,
 *           stop({ signal = 'SIGTERM', graceMs = 20000 }) (SIGKILL after graceMs), kill() (SIGKILL at once) }.
 */
async function startN8n({ n8n, userFolder, port, env = {}, logFile, command = 'start', args = [], healthPort, timeoutMs = 180000, echo = false, onSpawn, onExit }) {
	port = port || (await freePort());
	const brokerPort = await freePort();
	logFile = logFile || path.join(userFolder, 'n8n.log');
	fs.mkdirSync(userFolder, { recursive: true });
	const out = fs.openSync(logFile, 'a');
	const child = spawn(n8n.node, [n8n.n8nBin, command, ...args], {
		cwd: userFolder,
		env: n8nEnv({ n8n, userFolder, port, brokerPort, extra: env }),
		stdio: ['ignore', echo ? 'inherit' : out, echo ? 'inherit' : out],
		detached: true,
	});
	fs.closeSync(out);
	onSpawn?.(child);
	const url = `http://127.0.0.1:${port}`;
	const proc = { url, port, brokerPort, healthPort, process: child, pid: child.pid, logFile, exited: null };
	proc.exitPromise = new Promise((resolve) =>
		child.on('exit', (code, signal) => {
			proc.exited = { code, signal };
			onExit?.(proc.exited);
			resolve(proc.exited);
		}),
	);
	const ready = async () => {
		if (command !== 'start') return (await fetch(`http://127.0.0.1:${healthPort}/healthz/readiness`)).ok;
		return (await fetch(`${url}/healthz/readiness`)).ok && (await fetch(`${url}/rest/settings`)).ok;
	};
	const started = Date.now();
	for (;;) {
		if (proc.exited) throw new Error(`n8n ${command} exited during start (${JSON.stringify(proc.exited)}); see ${logFile}:\n${tail(logFile)}`);
		try {
			if (await ready()) break;
		} catch {
			// not listening yet
		}
		if (Date.now() - started > timeoutMs) {
			killGroup(child, 'SIGKILL');
			throw new Error(`n8n ${command} not ready after ${timeoutMs} ms; see ${logFile}:\n${tail(logFile)}`);
		}
		await sleep(250);
	}
	proc.readyMs = Date.now() - started;
	proc.stop = async ({ signal = 'SIGTERM', graceMs = 20000 } = {}) => {
		if (proc.exited) return proc.exited;
		killGroup(child, signal);
		let timer;
		await Promise.race([proc.exitPromise, new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
		clearTimeout(timer);
		if (!proc.exited) {
			killGroup(child, 'SIGKILL');
			await proc.exitPromise;
		}
		return proc.exited;
	};
	proc.kill = async () => {
		killGroup(child, 'SIGKILL');
		return proc.exitPromise;
	};
	return proc;
}

function killGroup(child, signal) {
	try {
		process.kill(-child.pid, signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			// gone
		}
	}
}

function tail(file, lines = 40) {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '';
	}
}

/** Loads n8n's own `flatted` (execution data is stored flatted). */
function flattedFrom(n8nDir) {
	return require(require.resolve('flatted', { paths: [path.join(n8nDir, 'node_modules', 'n8n')] }));
}

/** A small client of n8n's internal REST API (cookie auth, as the editor uses it). */
class N8nClient {
	constructor(url, { n8nDir } = {}) {
		this.url = url;
		this.cookie = '';
		this.n8nDir = n8nDir;
		// The REST API differs a little between n8n 1.x and 2.x (see run() and activate()).
		this.n8nVersion = n8nDir ? require(path.join(n8nDir, 'node_modules', 'n8n', 'package.json')).version : DEFAULT_N8N_VERSION;
		this.n8nMajor = Number(this.n8nVersion.split('.')[0]);
	}

	async request(method, route, body, { raw = false, headers = {} } = {}) {
		const res = await fetch(`${this.url}${route}`, {
			method,
			headers: {
				'browser-id': BROWSER_ID,
				...(body !== undefined ? { 'content-type': 'application/json' } : {}),
				...(this.cookie ? { cookie: this.cookie } : {}),
				...headers,
			},
			body: body !== undefined ? JSON.stringify(body) : undefined,
		});
		const setCookie = res.headers.getSetCookie ? res.headers.getSetCookie() : [];
		const auth = setCookie.find((c) => c.startsWith('n8n-auth='));
		if (auth) this.cookie = auth.split(';')[0];
		const text = await res.text();
		let json;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			json = undefined;
		}
		if (!res.ok) {
			const err = new Error(`${method} ${route} -> ${res.status}: ${text.slice(0, 500)}`);
			err.status = res.status;
			err.body = json ?? text;
			throw err;
		}
		if (raw) return json;
		return json && typeof json === 'object' && 'data' in json ? json.data : json;
	}

	/** Sets up the owner on a fresh instance, or logs in when it exists already. */
	async setupOwner(owner = OWNER) {
		try {
			await this.request('POST', '/rest/owner/setup', owner);
		} catch (e) {
			if (e.status !== 400 && e.status !== 403) throw e;
			await this.login(owner);
		}
		return owner;
	}

	async login(owner = OWNER) {
		return this.request('POST', '/rest/login', { emailOrLdapLoginId: owner.email, password: owner.password });
	}

	async createCredential({ name, type = CREDENTIAL_TYPE, data }) {
		return this.request('POST', '/rest/credentials', { name, type, data });
	}

	async listCredentials() {
		return this.request('GET', '/rest/credentials');
	}

	/** Tests a stored credential as the editor's "Test" button does ({ status: 'OK' | 'Error', message }). */
	async testCredential(credential) {
		return this.request('POST', '/rest/credentials/test', { credentials: credential });
	}

	/**
	 * Creates a workflow from exported JSON; `credentials` maps credential type -> { id, name } and replaces
	 * the references in every node (examples carry a placeholder id).
	 */
	async importWorkflow(workflow, { credentials = {} } = {}) {
		const nodes = (workflow.nodes || []).map((node) => {
			if (!node.credentials) return node;
			const creds = { ...node.credentials };
			for (const type of Object.keys(creds)) if (credentials[type]) creds[type] = { ...credentials[type] };
			return { ...node, credentials: creds };
		});
		const body = {
			name: workflow.name,
			nodes,
			connections: workflow.connections || {},
			settings: workflow.settings || { executionOrder: 'v1' },
			pinData: workflow.pinData || {},
			active: false,
		};
		return this.request('POST', '/rest/workflows', body);
	}

	async getWorkflow(id) {
		return this.request('GET', `/rest/workflows/${id}`);
	}

	/**
	 * Activates (publishes) the workflow's current version: POST /activate (n8n 2.x, 1.12x); n8n 1.x before
	 * that endpoint saves `active: true` instead.
	 */
	async activate(id) {
		const wf = await this.getWorkflow(id);
		try {
			return await this.request('POST', `/rest/workflows/${id}/activate`, { versionId: wf.versionId });
		} catch (e) {
			if (e.status !== 404 || this.n8nMajor >= 2) throw e;
			return this.request('PATCH', `/rest/workflows/${id}`, { active: true, versionId: wf.versionId });
		}
	}

	async deactivate(id) {
		try {
			return await this.request('POST', `/rest/workflows/${id}/deactivate`, {});
		} catch (e) {
			if (e.status !== 404 || this.n8nMajor >= 2) throw e;
			const wf = await this.getWorkflow(id);
			return this.request('PATCH', `/rest/workflows/${id}`, { active: false, versionId: wf.versionId });
		}
	}

	/**
	 * Runs a saved workflow manually from `trigger` (a node name) as the editor's "Execute workflow" does.
	 * A trigger with pinned data (workflow.pinData) starts with that data. Resolves to the finished execution.
	 */
	async run(id, trigger, { timeoutMs = 120000 } = {}) {
		const triggerToStartFrom = { name: trigger };
		// n8n 2.x runs the saved workflow; n8n 1.x runs the workflow the editor sends along (the saved one here).
		const body = this.n8nMajor >= 2 ? { triggerToStartFrom } : { workflowData: await this.getWorkflow(id), triggerToStartFrom };
		const res = await this.request('POST', `/rest/workflows/${id}/run`, body);
		if (!res || !res.executionId) throw new Error(`The run did not start: ${JSON.stringify(res)}`);
		return this.waitForExecution(res.executionId, { timeoutMs });
	}

	/** Lists executions (newest first): [{ id, workflowId, status, mode, startedAt, stoppedAt }]. */
	async listExecutions({ workflowId, limit = 50 } = {}) {
		const filter = workflowId ? `&filter=${encodeURIComponent(JSON.stringify({ workflowId: String(workflowId) }))}` : '';
		const res = await this.request('GET', `/rest/executions?limit=${limit}${filter}`);
		return Array.isArray(res) ? res : res.results || [];
	}

	/**
	 * One execution with its data unflattened: { id, status, mode, finished, runData, lastNodeExecuted, error,
	 * output(nodeName) -> [json] (first output of the node's last run) }.
	 */
	async getExecution(id) {
		const ex = await this.request('GET', `/rest/executions/${id}`);
		let data = ex.data;
		if (typeof data === 'string') data = flattedFrom(this.n8nDir).parse(data);
		const resultData = (data && data.resultData) || {};
		const runData = resultData.runData || {};
		return {
			id: ex.id,
			status: ex.status,
			mode: ex.mode,
			finished: ex.finished,
			workflowId: ex.workflowId,
			runData,
			lastNodeExecuted: resultData.lastNodeExecuted,
			error: resultData.error,
			output(node, outputIndex = 0) {
				const runs = runData[node];
				if (!runs || !runs.length) return undefined;
				const run = runs[runs.length - 1];
				if (run.error) {
					const err = new Error(`${node} failed: ${run.error.message}${run.error.description ? ` (${run.error.description})` : ''}`);
					err.nodeError = run.error;
					throw err;
				}
				const main = (run.data && run.data.main) || [];
				return (main[outputIndex] || []).map((item) => item.json);
			},
			binary(node, outputIndex = 0) {
				const runs = runData[node] || [];
				const run = runs[runs.length - 1];
				return ((run && run.data && run.data.main && run.data.main[outputIndex]) || []).map((item) => item.binary);
			},
		};
	}

	async waitForExecution(id, { timeoutMs = 120000 } = {}) {
		const started = Date.now();
		for (;;) {
			const ex = await this.getExecution(id);
			// n8n 1.x can report `success` a moment before the run data is stored: a finished run has the data
			// of the node it executed last.
			const stored = ex.status !== 'success' || Boolean(ex.lastNodeExecuted && ex.runData[ex.lastNodeExecuted]);
			if (!['new', 'running', 'waiting'].includes(ex.status) && stored) return ex;
			if (Date.now() - started > timeoutMs) throw new Error(`Execution ${id} still ${ex.status} after ${timeoutMs} ms`);
			await sleep(300);
		}
	}
}

const EXAMPLES_DIR = path.join(ROOT, 'examples');

/** The example workflows: [{ file, workflow }]. */
function readExamples() {
	return fs
		.readdirSync(EXAMPLES_DIR)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((file) => ({ file, workflow: JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) }));
}

/**
 * Everything at once: the RemoteIoT sandbox (in-process, seeded fleet), n8n with this package installed from a
 * fresh tarball, the owner, a RemoteIoT API credential pointing at the sandbox and (optionally) the examples.
 * options: { devices = 50, sandbox: createSandbox options, n8nDir, tarball, userFolder, port, sandboxPort, quietPrepare,
 *            examples = false, credentialName = 'RemoteIoT sandbox', echo = false, env }
 * Returns { n8n, sandbox, server, client, credential, owner, examples: { file: workflow }, userFolder, tarball, stop() }.
 */
async function startStack(options = {}) {
	const { createSandbox } = require(path.join(ROOT, 'sandbox', 'server.js'));
	const timings = {};
	let t = Date.now();
	const n8n = options.n8nDir ? paths(options.n8nDir) : prepareN8n({ quiet: Boolean(options.quietPrepare) }); // the first preparation takes minutes: show it
	timings.prepareMs = Date.now() - t;
	t = Date.now();
	const packed = options.tarball ? { tarball: options.tarball } : packPackage();
	timings.packMs = Date.now() - t;
	const ownFolder = !options.userFolder;
	const userFolder = options.userFolder || fs.mkdtempSync(path.join(os.tmpdir(), 'remoteiot-e2e-n8n-'));
	t = Date.now();
	const installed = installPackage(packed.tarball, userFolder);
	timings.installMs = Date.now() - t;
	const sandbox = createSandbox({ devices: options.devices ?? 50, port: options.sandboxPort || 0, ...(options.sandbox || {}) });
	const { baseUrl, token } = await sandbox.start();
	let server;
	const stop = async () => {
		if (server) await server.stop();
		await sandbox.stop();
		if (ownFolder && !options.keepUserFolder) fs.rmSync(userFolder, { recursive: true, force: true });
		if (packed.outDir) fs.rmSync(packed.outDir, { recursive: true, force: true });
	};
	try {
		t = Date.now();
		server = await startN8n({ n8n, userFolder, port: options.port, echo: options.echo, env: options.env });
		timings.startMs = Date.now() - t;
		const client = new N8nClient(server.url, { n8nDir: n8n.dir });
		const owner = await client.setupOwner(options.owner || OWNER);
		const credential = await client.createCredential({
			name: options.credentialName || 'RemoteIoT sandbox',
			data: { accessToken: token, baseUrl },
		});
		const credentialRef = { id: credential.id, name: credential.name };
		const examples = {};
		if (options.examples) {
			for (const { file, workflow } of readExamples()) {
				examples[file] = await client.importWorkflow(workflow, { credentials: { [CREDENTIAL_TYPE]: credentialRef } });
			}
		}
		return { n8n, sandbox, server, client, owner, credential, credentialRef, examples, userFolder, installed, tarball: packed.tarball, files: packed.files, timings, stop };
	} catch (e) {
		if (server) e.message += `\n--- n8n log ---\n${tail(server.logFile)}`;
		await stop();
		throw e;
	}
}

module.exports = {
	ROOT,
	EXAMPLES_DIR,
	readExamples,
	startStack,
	PACKAGE_NAME,
	NODE_TYPES,
	CREDENTIAL_TYPE,
	OWNER,
	prepareN8n,
	n8nVersion,
	DEFAULT_N8N_VERSION,
	paths,
	packPackage,
	installPackage,
	installedPackageNames,
	startN8n,
	freePort,
	N8nClient,
	tail,
	n8nEnv,
	killGroup,
};

if (require.main === module) {
	const cmd = process.argv[2];
	if (cmd === 'pack') {
		const { tarball, files } = packPackage();
		console.log(files.join('\n'));
		console.log(tarball);
	} else {
		console.error('usage: node scripts/n8n-server.js pack');
		process.exit(2);
	}
}
