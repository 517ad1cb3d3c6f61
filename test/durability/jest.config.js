/**
 * The durability check (npm run test:durability): the trigger's scenarios of issue 9 in real n8n 2.41.1
 * servers, side by side, with real restarts. Kept apart from the main jest run (which matches *.test.js only).
 * The global setup prepares n8n (cached), packs the package and boots one template user folder.
 */
module.exports = {
	rootDir: __dirname,
	testEnvironment: 'node',
	testMatch: ['<rootDir>/*.durability.js'],
	globalSetup: '<rootDir>/global-setup.js',
	globalTeardown: '<rootDir>/global-teardown.js',
	testTimeout: 900000,
	maxWorkers: 1,
	slowTestThreshold: 600,
};
