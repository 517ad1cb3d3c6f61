/**
 * The queue-mode suite (npm run test:queue): PostgreSQL, Redis, one n8n main and two workers with this package
 * installed on every process, driven through n8n's REST API against the sandbox. Kept apart from the main jest
 * run (which matches only *.test.js). The e2e suite's global setup prepares n8n (cached) and packs the package once.
 */
module.exports = {
	rootDir: __dirname,
	testEnvironment: 'node',
	testMatch: ['<rootDir>/*.queue.js'],
	globalSetup: '<rootDir>/../e2e/global-setup.js',
	globalTeardown: '<rootDir>/../e2e/global-teardown.js',
	testTimeout: 300000,
	maxWorkers: 1,
	slowTestThreshold: 120,
};
