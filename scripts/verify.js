#!/usr/bin/env node
'use strict';
// npm run verify: what n8n's verification of a community package checks, as far as it can be checked
// before publishing, in one command. Exit 0 only when every check passes.
//
//   1. package.json: the name and keyword n8n lists community packages by, MIT (field and LICENSE.md),
//      a public GitHub repository URL (provenance must name the same repository), no runtime
//      dependencies, n8n-workflow as a peer only, the n8n section's files present in the tarball.
//   2. `n8n-node lint` (@n8n/node-cli): its strict-mode check (eslint.config.mjs is exactly the default)
//      and n8n's lint rules including the cloud-only ones; and `n8n-node cloud-support`'s condition
//      (strict mode on + the default config = eligible for n8n Cloud).
//   3. @n8n/scan-community-package's own lint (`analyzePackage`), with the patterns its CLI uses:
//      package.json + nodes/** + credentials/** of the source, and **/*.js + package.json of the packed
//      tarball, extracted.
//   4. The tarball holds only dist/, README.md, LICENSE.md and package.json.
// Provenance itself can only exist once published from GitHub Actions (.github/workflows/publish.yml).
//
//   node scripts/verify.js [--tarball path.tgz]   (default: a fresh build packed in a temporary copy)
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync, spawnSync } = require('child_process');
const { pathToFileURL } = require('url');
const { packPackage, ROOT } = require('./n8n-server');

const results = [];
const check = (name, ok, detail = '') => {
	results.push({ name, ok });
	const more = !ok && detail ? `\n      ${detail.split('\n').join('\n      ')}` : '';
	console.log(`${ok ? 'ok  ' : 'FAIL'}  ${name}${more}`);
};
const ALLOWED_TOP = new Set(['package.json', 'README.md', 'LICENSE.md']);

function checkPackageJson(pkg) {
	check(
		'name is n8n-nodes-<name> or @scope/n8n-nodes-<name>',
		/^(@[a-z0-9-~][a-z0-9-._~]*\/)?n8n-nodes-[a-z0-9-._~]+$/.test(pkg.name),
		pkg.name,
	);
	check('keywords include "n8n-community-node-package"', (pkg.keywords || []).includes('n8n-community-node-package'));
	const licenceText = fs.existsSync(path.join(ROOT, 'LICENSE.md')) ? fs.readFileSync(path.join(ROOT, 'LICENSE.md'), 'utf8') : '';
	check('licence is MIT (package.json and LICENSE.md)', pkg.license === 'MIT' && /^MIT License/.test(licenceText), `license: ${pkg.license}`);
	const repo = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository && pkg.repository.url;
	const gh = /^(git\+)?https:\/\/github\.com\/([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(\.git)?$/.exec(repo || '');
	check(
		'repository URL is a public GitHub repository (the provenance must name the same one)',
		Boolean(gh),
		repo ? repo : 'package.json has no repository.url',
	);
	if (gh && process.env.GITHUB_REPOSITORY) {
		const same = `${gh[2]}/${gh[3]}`.toLowerCase() === process.env.GITHUB_REPOSITORY.toLowerCase();
		check('repository URL matches the GitHub repository this runs in', same, `${gh[2]}/${gh[3]} vs ${process.env.GITHUB_REPOSITORY}`);
	}
	const deps = Object.keys(pkg.dependencies || {});
	check('no runtime dependencies', deps.length === 0, deps.join(', '));
	check(
		'n8n-workflow only as a peer dependency',
		Object.keys(pkg.peerDependencies || {}).every((d) => d === 'n8n-workflow') && !(pkg.dependencies || {})['n8n-workflow'],
		JSON.stringify(pkg.peerDependencies || {}),
	);
	check('n8n section lists nodes and credentials', Boolean(pkg.n8n && pkg.n8n.n8nNodesApiVersion === 1 && (pkg.n8n.nodes || []).length > 0));
	if (process.env.GITHUB_REF_TYPE === 'tag' && process.env.GITHUB_REF_NAME) {
		const tag = process.env.GITHUB_REF_NAME.replace(/^v/, '');
		check('the tag is the package.json version', tag === pkg.version, `tag ${process.env.GITHUB_REF_NAME}, version ${pkg.version}`);
	}
}

function checkN8nNodeCli(pkg) {
	const bin = path.join(ROOT, 'node_modules', '.bin', 'n8n-node');
	const run = spawnSync(bin, ['lint'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
	const out = `${run.stdout}${run.stderr}`.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '');
	const strictViolation = /Strict mode violation/.test(out);
	check('n8n-node lint: strict mode (eslint.config.mjs is the default config)', pkg.n8n && pkg.n8n.strict === true && !strictViolation, strictViolation ? out.trim().split('\n').slice(0, 6).join('\n') : '');
	const problems = /✖ \d+ problems? \((\d+) errors?, (\d+) warnings?\)/.exec(out);
	check(
		'n8n-node lint: no errors (includes the n8n Cloud rules: restricted imports and globals)',
		run.status === 0 && (!problems || problems[1] === '0'),
		run.status === 0 && !problems ? '' : out.trim().split('\n').slice(-25).join('\n'),
	);
	if (problems && problems[2] !== '0') console.log(`      (n8n-node lint also reports ${problems[2]} warning(s) outside the package's own lint)`);
	const config = fs.readFileSync(path.join(ROOT, 'eslint.config.mjs'), 'utf8').replace(/\s+/g, ' ').trim();
	// The condition `n8n-node cloud-support` reports as "eligible for n8n Cloud verification".
	const isDefault = config === "import { config } from '@n8n/node-cli/eslint'; export default config;";
	check('n8n-node cloud-support: enabled (strict mode + the default eslint config)', Boolean(pkg.n8n && pkg.n8n.strict) && isDefault);
}

async function checkScanner(extracted) {
	const scannerPath = require.resolve('@n8n/scan-community-package/scanner/scanner.mjs', { paths: [ROOT] });
	const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(pathToFileURL(scannerPath).href);
	const source = await analyzePackage(ROOT, SOURCE_FILE_PATTERNS || ['package.json', '{nodes,credentials}/**/*.{js,ts,json}']);
	check(`scan-community-package lint of the source (${(SOURCE_FILE_PATTERNS || []).join(' + ')})`, source.passed, source.passed ? '' : `${source.message}\n${source.details || ''}`);
	const dist = await analyzePackage(extracted, ['**/*.js', 'package.json']);
	check('scan-community-package lint of the packed tarball (**/*.js + package.json)', dist.passed, dist.passed ? '' : `${dist.message}\n${dist.details || ''}`);
}

function checkTarball(files, pkg, extracted) {
	const outside = files.filter((f) => !f.startsWith('dist/') && !ALLOWED_TOP.has(f));
	check('tarball holds only dist/, README.md, LICENSE.md and package.json', outside.length === 0, outside.join('\n'));
	const declared = [...(pkg.n8n.nodes || []), ...(pkg.n8n.credentials || [])];
	const missing = declared.filter((f) => !fs.existsSync(path.join(extracted, f)));
	check('every node and credential of the n8n section is in the tarball', missing.length === 0, missing.join(', '));
	const noTests = files.filter((f) => /(^|\/)(test|sandbox|scripts|bench|examples)\//.test(f) || /\.(test|spec)\.js$/.test(f));
	check('no tests, sandbox, scripts or examples in the tarball', noTests.length === 0, noTests.join('\n'));
}

async function main() {
	const argv = process.argv.slice(2);
	const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	console.log(`verify ${pkg.name}@${pkg.version}`);
	checkPackageJson(pkg);
	checkN8nNodeCli(pkg);

	let tarball;
	let files;
	let cleanup = () => {};
	const t = argv.indexOf('--tarball');
	if (t >= 0) {
		tarball = path.resolve(argv[t + 1]);
		files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n').map((f) => f.replace(/^package\//, '')).filter((f) => !f.endsWith('/'));
	} else {
		const packed = packPackage();
		tarball = packed.tarball;
		files = packed.files;
		cleanup = () => fs.rmSync(packed.outDir, { recursive: true, force: true });
	}
	const extracted = fs.mkdtempSync(path.join(os.tmpdir(), 'remoteiot-verify-'));
	try {
		execFileSync('tar', ['-xzf', tarball, '-C', extracted, '--strip-components=1']);
		checkTarball(files, pkg, extracted);
		await checkScanner(extracted);
	} finally {
		fs.rmSync(extracted, { recursive: true, force: true });
		cleanup();
	}
	const failed = results.filter((r) => !r.ok).length;
	console.log(`\nverify: ${results.length - failed} of ${results.length} checks passed${failed ? `, ${failed} failed` : ''}`);
	process.exitCode = failed ? 1 : 0;
}

main().catch((e) => {
	console.error(e);
	process.exitCode = 1;
});
