/** Unit tests of the date helpers (ExecuteTime) and the shared wait loop (built, from dist/). */
const { DateTime } = require('luxon');
const { toRemoteIotTime, parseRemoteIotTime } = require('../../dist/nodes/RemoteIot/shared/dates');
const { waitFor } = require('../../dist/nodes/RemoteIot/shared/waitFor');

const node = { id: '1', name: 'RemoteIoT', type: 'n8n-nodes-remoteiot.remoteIot', typeVersion: 1, position: [0, 0], parameters: {} };

describe('toRemoteIotTime', () => {
	test.each([
		['2026-11-25T10:00:00', 'Europe/Berlin', '2026-11-25 09:00:00'],
		['2026-07-25T10:00:00', 'Europe/Berlin', '2026-07-25 08:00:00'],
		['2026-11-25T10:00:00Z', 'America/New_York', '2026-11-25 10:00:00'],
		['2026-11-25T10:00:00.000-05:00', 'UTC', '2026-11-25 15:00:00'],
		['2026-11-25 10:00:00', 'Asia/Tokyo', '2026-11-25 01:00:00'],
		['2026-11-25', 'UTC', '2026-11-25 00:00:00'],
	])('%p in %p → %p', (value, zone, expected) => {
		expect(toRemoteIotTime(node, value, zone, 'Execute Time')).toBe(expected);
	});

	test('DateTime, Date and epoch milliseconds', () => {
		expect(toRemoteIotTime(node, DateTime.fromISO('2026-01-02T03:04:05', { zone: 'Europe/Paris' }), 'UTC', 'X')).toBe('2026-01-02 02:04:05');
		expect(toRemoteIotTime(node, new Date(Date.UTC(2026, 0, 2, 3, 4, 5)), 'Europe/Paris', 'X')).toBe('2026-01-02 03:04:05');
		expect(toRemoteIotTime(node, Date.UTC(2026, 0, 2, 3, 4, 5), 'Europe/Paris', 'X')).toBe('2026-01-02 03:04:05');
	});

	test('empty is "now" (undefined); garbage is an error naming the parameter', () => {
		expect(toRemoteIotTime(node, '', 'UTC', 'X')).toBeUndefined();
		expect(toRemoteIotTime(node, undefined, 'UTC', 'X')).toBeUndefined();
		expect(() => toRemoteIotTime(node, 'soon', 'UTC', 'Execute Time')).toThrow('"Execute Time" is not a valid date');
	});
});

test('parseRemoteIotTime reads RemoteIoT GMT timestamps', () => {
	expect(parseRemoteIotTime('2017-01-10 10:02:30.0')).toBe(Date.UTC(2017, 0, 10, 10, 2, 30));
	expect(parseRemoteIotTime('2017-01-10 10:02:30')).toBe(Date.UTC(2017, 0, 10, 10, 2, 30));
	expect(parseRemoteIotTime('')).toBeNaN();
	expect(parseRemoteIotTime(undefined)).toBeNaN();
});

describe('waitFor', () => {
	const ctx = { getNode: () => node, getExecutionCancelSignal: () => undefined };

	test('polls until done and returns the value', async () => {
		let calls = 0;
		const value = await waitFor(ctx, {
			timeoutMs: 5000,
			check: async () => ({ done: ++calls === 3, value: calls }),
			onTimeout: () => new Error('timeout'),
		});
		expect(value).toBe(3);
	});

	test('times out with the last value seen', async () => {
		const started = Date.now();
		await expect(
			waitFor(ctx, { timeoutMs: 600, check: async () => ({ done: false, value: 'Pending' }), onTimeout: (last) => new Error(`last ${last}`) }),
		).rejects.toThrow('last Pending');
		expect(Date.now() - started).toBeLessThan(2000);
	});

	test('stops when the execution is cancelled', async () => {
		const controller = new AbortController();
		const cancelled = { ...ctx, getExecutionCancelSignal: () => controller.signal };
		const promise = waitFor(cancelled, { timeoutMs: 10000, check: async () => ({ done: false }), onTimeout: () => new Error('timeout') });
		controller.abort();
		await expect(promise).rejects.toThrow('cancelled');
	});
});
