'use strict';
// Once per run: prepare n8n (scripts/prepare-n8n.sh, cached), build + pack the package in a temporary copy
// of the repo, and boot n8n once to make a migrated user folder with the owner (copied into each scenario's
// own folder). The test file reads the results from the environment (jest runs it in this process).
const fs = require('fs');
const { prepareN8n, packPackage } = require('../../scripts/n8n-server');
const { makeTemplate } = require('./harness');

module.exports = async () => {
	process.env.REMOTEIOT_DURABILITY_STARTED = String(Date.now());
	let t = Date.now();
	const n8n = prepareN8n({ quiet: true });
	const prepareMs = Date.now() - t;
	t = Date.now();
	const packed = packPackage();
	const packMs = Date.now() - t;
	t = Date.now();
	const template = await makeTemplate(n8n.dir);
	const templateMs = Date.now() - t;
	process.env.REMOTEIOT_DURABILITY_N8N_DIR = n8n.dir;
	process.env.REMOTEIOT_DURABILITY_TARBALL = packed.tarball;
	process.env.REMOTEIOT_DURABILITY_PACK_DIR = packed.outDir;
	process.env.REMOTEIOT_DURABILITY_TEMPLATE = template;
	process.stderr.write(
		`\n[durability] n8n ${n8n.version} ready in ${prepareMs} ms (prepare-n8n.sh), package packed in ${packMs} ms, template user folder in ${templateMs} ms\n`,
	);
	if (!fs.existsSync(packed.tarball)) throw new Error(`No tarball at ${packed.tarball}`);
};
