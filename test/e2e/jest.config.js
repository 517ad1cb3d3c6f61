/**
 * The end-to-end suite (npm run test:e2e): this package installed into a real n8n 2.x server, run against the
 * sandbox. Kept apart from the main jest run (which ignores test/e2e/). One n8n per test file; the global setup
 * prepares n8n (cached) and packs the package once.
 */
module.exports = {
	rootDir: __dirname,
	testEnvironment: 'node',
	testMatch: ['<rootDir>/*.e2e.js'],
	globalSetup: '<rootDir>/global-setup.js',
	globalTeardown: '<rootDir>/global-teardown.js',
	testTimeout: 180000,
	maxWorkers: 1,
	slowTestThreshold: 60,
};
