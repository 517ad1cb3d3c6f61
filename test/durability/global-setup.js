'use strict';
// Once per run: prepare n8n (scripts/prepare-n8n.sh, cached), build + pack the package in a temporary copy
// of the repo, and boot n8n once to make a migrated user folder with the owner (copied into each scenario's
// own folder). The test file reads the results from the environment (jest runs it in this process).
const fs = require('fs');
const path = require('path');
const { execFile } = require('child_process');
const { promisify } = require('util');
const { prepareN8n } = require('../../scripts/n8n-server');
const { makeTemplate } = require('./harness');

/** packPackage() in a child process (`node scripts/n8n-server.js pack`), so that n8n boots meanwhile. */
async function packAside() {
	const script = path.resolve(__dirname, '..', '..', 'scripts', 'n8n-server.js');
	const { stdout } = await promisify(execFile)(process.execPath, [script, 'pack'], { maxBuffer: 16 * 1024 * 1024 });
	const tarball = stdout.trim().split('\n').pop().trim();
	return { tarball, outDir: path.dirname(tarball) };
}

module.exports = async () => {
	const started = Date.now();
	process.env.REMOTEIOT_DURABILITY_STARTED = String(started);
	const n8n = prepareN8n({ quiet: true });
	const prepareMs = Date.now() - started;
	const timed = async (promise) => {
		const t = Date.now();
		return [await promise, Date.now() - t];
	};
	const settled = await Promise.allSettled([timed(packAside()), timed(makeTemplate(n8n.dir))]);
	const failed = settled.find((r) => r.status === 'rejected');
	if (failed) {
		// jest skips the global teardown when the setup fails: remove what was made here.
		const [pack, tpl] = settled.map((r) => (r.status === 'fulfilled' ? r.value[0] : undefined));
		if (pack) fs.rmSync(pack.outDir, { recursive: true, force: true });
		if (tpl) fs.rmSync(tpl, { recursive: true, force: true });
		throw failed.reason;
	}
	const [[packed, packMs], [template, templateMs]] = settled.map((r) => r.value);
	process.env.REMOTEIOT_DURABILITY_N8N_DIR = n8n.dir;
	process.env.REMOTEIOT_DURABILITY_TARBALL = packed.tarball;
	process.env.REMOTEIOT_DURABILITY_PACK_DIR = packed.outDir;
	process.env.REMOTEIOT_DURABILITY_TEMPLATE = template;
	process.stderr.write(
		`\n[durability] n8n ${n8n.version} ready in ${prepareMs} ms (prepare-n8n.sh); side by side: package packed in ${packMs} ms, template user folder (migrated database, owner) in ${templateMs} ms\n`,
	);
};
