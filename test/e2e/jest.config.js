/**
 * The end-to-end suite (npm run test:e2e): this package installed into a real n8n server, run against the
 * sandbox. Kept apart from the main jest run (which ignores test/e2e/). One n8n per test file; the global setup
 * prepares n8n (cached per version) and packs the package once.
 *
 * The n8n version is N8N_VERSION (default 2.41.1; CI also runs 1.123.81). On n8n 1.x the files listed in
 * ONLY_ON_N8N_2 do not run: the editor test drives 2.x's UI and the agent test 2.x's AI Agent node.
 */
const { n8nVersion } = require('../../scripts/n8n-server');

const major = Number(n8nVersion().split('.')[0]);
const ONLY_ON_N8N_2 = ['editor.e2e.js', 'agent.e2e.js'];

module.exports = {
	rootDir: __dirname,
	testEnvironment: 'node',
	testMatch: ['<rootDir>/*.e2e.js'],
	testPathIgnorePatterns: major < 2 ? ONLY_ON_N8N_2.map((f) => `/${f.replace(/\./g, '\\.')}$`) : [],
	globalSetup: '<rootDir>/global-setup.js',
	globalTeardown: '<rootDir>/global-teardown.js',
	testTimeout: 180000,
	maxWorkers: 1,
	slowTestThreshold: 60,
};
