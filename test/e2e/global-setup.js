'use strict';
// Once per e2e run: prepare n8n N8N_VERSION (scripts/prepare-n8n.sh, cached per version; default 2.41.1; its
// progress shows, the first preparation takes minutes) and build + pack the package in a temporary copy of the
// repo. The test files read the results from the environment (jest runs them in this process).
const { prepareN8n, packPackage } = require('../../scripts/n8n-server');

module.exports = async () => {
	let t = Date.now();
	const n8n = prepareN8n({ quiet: false });
	const prepareMs = Date.now() - t;
	t = Date.now();
	const packed = packPackage();
	const packMs = Date.now() - t;
	process.env.REMOTEIOT_E2E_N8N_DIR = n8n.dir;
	process.env.REMOTEIOT_E2E_TARBALL = packed.tarball;
	process.env.REMOTEIOT_E2E_PACK_DIR = packed.outDir;
	process.env.REMOTEIOT_E2E_FILES = JSON.stringify(packed.files);
	process.stderr.write(`\n[e2e] n8n ${n8n.version} ready in ${prepareMs} ms (prepare-n8n.sh), package built and packed in ${packMs} ms\n`);
};
