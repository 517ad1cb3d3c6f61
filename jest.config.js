/** Jest runs the unit tests, the sandbox's own tests and the real-engine tests of the built package. */
module.exports = {
	testEnvironment: 'node',
	testMatch: ['<rootDir>/test/**/*.test.js'],
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
	testTimeout: 60000,
	maxWorkers: 2,
};
