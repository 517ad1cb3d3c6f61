'use strict';
// n8n in queue mode on one machine, throwaway, for test/queue (npm run test:queue) and by hand:
//   ensureServices()      -> PostgreSQL and Redis binaries; installs Debian's `postgresql` and `redis-server`
//                            with apt-get when missing (REMOTEIOT_QUEUE_APT=force installs even when present)
//   startPostgres()       -> initdb into a temporary folder (as the `postgres` user when run as root), postgres on
//                            a free loopback port, database `n8n`; stop() = pg_ctl stop + folder removed
//   startRedis()          -> redis-server --port <free> --bind 127.0.0.1 --daemonize yes --dir <tmp>;
//                            stop() = redis-cli shutdown nosave + folder removed
//   startQueueStack()     -> the two above, then n8n 2.41.1 as one main (`n8n start`) and N workers
//                            (`n8n worker --concurrency=5`), each with its own user folder holding the same
//                            community-package install (<N8N_USER_FOLDER>/.n8n/nodes, as a Docker image or a
//                            shared volume gives every container), the same encryption key, its own task-runner
//                            broker port and health-check port. stop() ends every process it started.
// CLI: node scripts/queue-stack.js up      -> starts a stack with the sandbox, prints the URLs, Ctrl-C stops it
// Node builtins only (plus scripts/n8n-server.js).
const fs = require('fs');
const os = require('os');
const path = require('path');
const crypto = require('crypto');
const { spawnSync, execFileSync } = require('child_process');
const srv = require('./n8n-server');

const log = (...a) => process.stderr.write(`[queue-stack] ${a.join(' ')}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** The newest PostgreSQL server binaries folder (Debian: /usr/lib/postgresql/<major>/bin), or null. */
function findPgBin() {
	const base = '/usr/lib/postgresql';
	if (fs.existsSync(base)) {
		const majors = fs
			.readdirSync(base)
			.filter((v) => fs.existsSync(path.join(base, v, 'bin', 'initdb')))
			.sort((a, b) => Number(b) - Number(a));
		if (majors.length) return path.join(base, majors[0], 'bin');
	}
	const r = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
	return r.status === 0 && r.stdout.trim() ? path.dirname(fs.realpathSync(r.stdout.trim())) : null;
}

function which(cmd) {
	const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
	return r.status === 0 ? r.stdout.trim() : null;
}

/**
 * Makes sure PostgreSQL and Redis are installed; installs Debian's packages with apt-get when they are not
 * (`apt-get update` first). Services are not started by the install (a temporary policy-rc.d answers 101, the
 * Debian way for containers): this script starts its own throwaway servers. Returns { pgBin, redisServer,
 * redisCli, installed, logFile }. Set REMOTEIOT_QUEUE_APT=force to run the install even when both are present.
 */
function ensureServices({ logDir = os.tmpdir(), force = process.env.REMOTEIOT_QUEUE_APT === 'force' } = {}) {
	let pgBin = findPgBin();
	let redisServer = which('redis-server');
	let installed = false;
	let logFile = null;
	if (!pgBin || !redisServer || force) {
		if (!which('apt-get')) throw new Error('PostgreSQL and Redis are needed for the queue-mode tests: install `postgresql` and `redis-server` (no apt-get here)');
		const sudo = isRoot() ? [] : which('sudo') ? ['sudo', '-n'] : null;
		if (!sudo) throw new Error('PostgreSQL and Redis are missing: run as root, or install them with `apt-get install postgresql redis-server`');
		logFile = path.join(logDir, `queue-apt-${Date.now()}.log`);
		log(`installing postgresql and redis-server with apt-get (log: ${logFile})`);
		const policy = '/usr/sbin/policy-rc.d';
		const script = [
			'set -e',
			`if [ ! -e ${policy} ]; then printf '#!/bin/sh\\nexit 101\\n' > ${policy}; chmod +x ${policy}; trap 'rm -f ${policy}' EXIT; fi`,
			'apt-get update',
			'DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends postgresql redis-server',
		].join('\n');
		const out = fs.openSync(logFile, 'a');
		const r = spawnSync(sudo[0] || 'bash', sudo.length ? [...sudo.slice(1), 'bash', '-c', script] : ['-c', script], {
			stdio: ['ignore', out, out],
		});
		fs.closeSync(out);
		if (r.status !== 0) throw new Error(`apt-get could not install postgresql and redis-server (exit ${r.status}); see ${logFile}:\n${srv.tail(logFile)}`);
		installed = true;
		pgBin = findPgBin();
		redisServer = which('redis-server');
		if (!pgBin || !redisServer) throw new Error(`postgresql / redis-server still missing after apt-get; see ${logFile}`);
	}
	return { pgBin, redisServer, redisCli: which('redis-cli') || path.join(path.dirname(redisServer), 'redis-cli'), installed, logFile };
}

// Last resort if the caller dies without stop() (a test runner's forced exit, process.exit): kill what is still
// running, synchronously. stop() remains the normal way; it empties this set.
const leftovers = new Set();
process.on('exit', () => {
	for (const fn of leftovers) {
		try {
			fn();
		} catch {
			// best effort
		}
	}
});

/** Runs a PostgreSQL tool as `postgres` when we are root (initdb and postgres refuse root). */
function pgRun(tool, args, opts = {}) {
	const cmd = isRoot() ? ['runuser', '-u', 'postgres', '--', tool, ...args] : [tool, ...args];
	return execFileSync(cmd[0], cmd.slice(1), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts });
}

/**
 * A throwaway PostgreSQL cluster: initdb in a temporary folder, trust auth, loopback only, on a free port.
 * Returns { host, port, user, database, dir, logFile, stop() }.
 */
async function startPostgres({ pgBin = findPgBin(), user = 'n8n', database = 'n8n' } = {}) {
	if (!pgBin) throw new Error('PostgreSQL binaries not found (initdb)');
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'remoteiot-queue-pg-'));
	const dataDir = path.join(dir, 'data');
	const sockDir = path.join(dir, 'sock');
	fs.mkdirSync(sockDir);
	const logFile = path.join(dir, 'postgres.log');
	if (isRoot()) execFileSync('chown', ['-R', 'postgres:', dir]);
	const bin = (t) => path.join(pgBin, t);
	const port = await srv.freePort();
	let started = false;
	const emergency = () => {
		pgRun(bin('pg_ctl'), ['-D', dataDir, '-m', 'immediate', 'stop']);
		fs.rmSync(dir, { recursive: true, force: true });
	};
	const stop = async () => {
		leftovers.delete(emergency);
		if (started) {
			try {
				pgRun(bin('pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', '-t', '30', 'stop']);
			} catch (e) {
				// fall back to the postmaster's PID (first line of postmaster.pid)
				try {
					const pid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
					if (pid) process.kill(pid, 'SIGQUIT');
				} catch {
					// gone
				}
			}
			started = false;
		}
		fs.rmSync(dir, { recursive: true, force: true });
	};
	try {
		pgRun(bin('initdb'), ['-D', dataDir, '-U', user, '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
		const opts = `-p ${port} -k ${sockDir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
		pgRun(bin('pg_ctl'), ['-D', dataDir, '-l', logFile, '-w', '-t', '60', '-o', opts, 'start']);
		started = true;
		leftovers.add(emergency);
		pgRun(bin('createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', user, database]);
	} catch (e) {
		const detail = `${e.message}\n${e.stderr || ''}\n${srv.tail(logFile)}`;
		await stop();
		throw new Error(`PostgreSQL did not start: ${detail}`);
	}
	return {
		host: '127.0.0.1',
		port,
		user,
		database,
		dir,
		logFile,
		/** Runs SQL through psql and returns its unaligned, tuples-only output. */
		query(sql) {
			return execFileSync(path.join(pgBin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', database, '-At', '-v', 'ON_ERROR_STOP=1', '-c', sql], {
				encoding: 'utf8',
			}).trim();
		},
		stop,
	};
}

/** A throwaway Redis server on a free loopback port. Returns { host, port, dir, stop() }. */
async function startRedis({ redisServer = which('redis-server'), redisCli = which('redis-cli') } = {}) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'remoteiot-queue-redis-'));
	const port = await srv.freePort();
	const pidFile = path.join(dir, 'redis.pid');
	const logFile = path.join(dir, 'redis.log');
	execFileSync(redisServer, [
		'--port', String(port), '--bind', '127.0.0.1', '--daemonize', 'yes', '--dir', dir,
		'--pidfile', pidFile, '--logfile', logFile, '--save', '', '--appendonly', 'no',
	]);
	const cli = (...args) => execFileSync(redisCli, ['-h', '127.0.0.1', '-p', String(port), ...args], { encoding: 'utf8' }).trim();
	const emergency = () => {
		cli('shutdown', 'nosave');
		fs.rmSync(dir, { recursive: true, force: true });
	};
	leftovers.add(emergency);
	const stop = async () => {
		leftovers.delete(emergency);
		try {
			cli('shutdown', 'nosave');
		} catch {
			try {
				process.kill(Number(fs.readFileSync(pidFile, 'utf8')), 'SIGKILL');
			} catch {
				// gone
			}
		}
		for (let i = 0; i < 50 && fs.existsSync(pidFile); i++) await sleep(100);
		fs.rmSync(dir, { recursive: true, force: true });
	};
	for (let i = 0; ; i++) {
		try {
			if (cli('ping') === 'PONG') break;
		} catch {
			// not yet
		}
		if (i > 100) {
			await stop();
			throw new Error(`Redis did not answer PING on port ${port}`);
		}
		await sleep(100);
	}
	return { host: '127.0.0.1', port, dir, logFile, cli, stop };
}

/**
 * Starts one n8n process of the stack (`n8n start` or `n8n worker --concurrency=N`) with srv.startN8n, its log
 * named after it, a queue health check on its own port, and an emergency SIGKILL from spawn until it exits.
 */
async function startN8nProcess({ n8n, name, command, args = [], userFolder, env, timeoutMs = 180000 }) {
	const healthPort = await srv.freePort();
	const extra = { ...env, QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(healthPort), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' };
	let emergency;
	const proc = await srv.startN8n({
		n8n,
		userFolder,
		env: extra,
		logFile: path.join(userFolder, `${name}.log`),
		command,
		args,
		healthPort,
		timeoutMs,
		onSpawn: (child) => leftovers.add((emergency = () => srv.killGroup(child, 'SIGKILL'))),
		onExit: () => leftovers.delete(emergency),
	});
	return Object.assign(proc, { name, command, userFolder });
}

/**
 * PostgreSQL + Redis + one main + `workers` workers, the package installed in every process's user folder, the
 * sandbox optional (pass sandbox: { baseUrl, token } to create the credential).
 * options: { n8nDir, tarball, workers = 2, concurrency = 5, env (all processes), mainEnv, workerEnv }
 * Returns { pg, redis, main, workers, client, credential, credentialRef, env, restartMain(), stop(), logs() }.
 */
async function startQueueStack(options = {}) {
	const t0 = Date.now();
	const timings = {};
	const services = ensureServices();
	timings.servicesMs = Date.now() - t0;
	const n8n = options.n8nDir ? srv.paths(options.n8nDir) : srv.prepareN8n({ quiet: true });
	const packed = options.tarball ? { tarball: options.tarball } : srv.packPackage();
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'remoteiot-queue-'));
	const stack = { root, services, timings, workers: [], n8n };
	const cleanups = [];
	stack.stop = async () => {
		const errors = [];
		for (const fn of cleanups.reverse()) {
			try {
				await fn();
			} catch (e) {
				errors.push(e);
			}
		}
		cleanups.length = 0;
		if (!options.keepFolders) fs.rmSync(root, { recursive: true, force: true });
		if (packed.outDir) fs.rmSync(packed.outDir, { recursive: true, force: true });
		if (errors.length) throw errors[0];
	};
	try {
		let t = Date.now();
		stack.pg = await startPostgres({ pgBin: services.pgBin });
		cleanups.push(() => stack.pg.stop());
		stack.redis = await startRedis({ redisServer: services.redisServer, redisCli: services.redisCli });
		cleanups.push(() => stack.redis.stop());
		timings.pgRedisMs = Date.now() - t;
		stack.env = {
			EXECUTIONS_MODE: 'queue',
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: stack.pg.host,
			DB_POSTGRESDB_PORT: String(stack.pg.port),
			DB_POSTGRESDB_DATABASE: stack.pg.database,
			DB_POSTGRESDB_USER: stack.pg.user,
			DB_POSTGRESDB_PASSWORD: '',
			QUEUE_BULL_REDIS_HOST: stack.redis.host,
			QUEUE_BULL_REDIS_PORT: String(stack.redis.port),
			N8N_ENCRYPTION_KEY: crypto.randomBytes(24).toString('hex'),
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			N8N_RUNNERS_ENABLED: 'true',
			...(options.env || {}),
		};
		// Each process its own user folder with the same package install: what a Docker image (or a volume with
		// .n8n/nodes) gives every container. Installed before the process starts.
		const folder = (name) => {
			const f = path.join(root, name);
			srv.installPackage(packed.tarball, f);
			return f;
		};
		t = Date.now();
		const folders = { main: folder('main') };
		for (let i = 1; i <= (options.workers ?? 2); i++) folders[`worker${i}`] = folder(`worker${i}`);
		timings.installMs = Date.now() - t;
		t = Date.now();
		// The main first: it runs the database migrations; workers started alongside would race it.
		stack.startMain = async () => {
			stack.main = await startN8nProcess({ n8n, name: 'main', command: 'start', userFolder: folders.main, env: { ...stack.env, ...(options.mainEnv || {}) } });
			return stack.main;
		};
		await stack.startMain();
		cleanups.push(() => stack.main && stack.main.stop());
		timings.mainReadyMs = Date.now() - t;
		t = Date.now();
		const workerNames = Object.keys(folders).filter((n) => n !== 'main');
		stack.workers = await Promise.all(
			workerNames.map((name) =>
				startN8nProcess({
					n8n,
					name,
					command: 'worker',
					args: [`--concurrency=${options.concurrency ?? 5}`],
					userFolder: folders[name],
					env: { ...stack.env, ...(options.workerEnv || {}) },
				}),
			),
		);
		for (const w of stack.workers) cleanups.push(() => w.stop());
		timings.workersReadyMs = Date.now() - t;
		stack.client = new srv.N8nClient(stack.main.url, { n8nDir: n8n.dir });
		stack.owner = await stack.client.setupOwner();
		if (options.sandbox) {
			stack.credential = await stack.client.createCredential({ name: 'RemoteIoT sandbox', data: { accessToken: options.sandbox.token, baseUrl: options.sandbox.baseUrl } });
			stack.credentialRef = { id: stack.credential.id, name: stack.credential.name };
		}
		/** Stops the main (SIGTERM, graceful), runs `during()`, starts it again and logs in. */
		stack.restartMain = async (during = async () => {}) => {
			await stack.main.stop();
			await during();
			await stack.startMain();
			stack.client = new srv.N8nClient(stack.main.url, { n8nDir: n8n.dir });
			await stack.client.login();
			return stack.main;
		};
		timings.totalMs = Date.now() - t0;
		return stack;
	} catch (e) {
		await stack.stop().catch(() => {});
		throw e;
	}
}

/** Every process of the stack: the main and the workers (for logs and PIDs). */

module.exports = { ensureServices, findPgBin, startPostgres, startRedis, startN8nProcess, startQueueStack };

if (require.main === module) {
	const cmd = process.argv[2];
	if (cmd === 'services') {
		const s = ensureServices();
		console.log(JSON.stringify(s, null, 2));
	} else if (cmd === 'up') {
		(async () => {
			const { createSandbox } = require('../sandbox/server');
			const sandbox = createSandbox({ devices: 50 });
			const api = await sandbox.start();
			const stack = await startQueueStack({ sandbox: api, keepFolders: false });
			console.log(`n8n main: ${stack.main.url} (owner ${srv.OWNER.email} / ${srv.OWNER.password})`);
			console.log(`workers: ${stack.workers.map((w) => `${w.name} pid ${w.pid}`).join(', ')}`);
			console.log(`PostgreSQL 127.0.0.1:${stack.pg.port}, Redis 127.0.0.1:${stack.redis.port}, sandbox ${api.baseUrl}`);
			console.log('Ctrl-C stops everything');
			const shutdown = () => stack.stop().then(() => sandbox.stop()).then(() => process.exit(0));
			process.on('SIGINT', shutdown);
			process.on('SIGTERM', shutdown);
		})().catch((e) => {
			console.error(e);
			process.exit(1);
		});
	} else {
		console.error('usage: node scripts/queue-stack.js services | up');
		process.exit(2);
	}
}
