// The shared waiting loop (Watcher) and the per-execution memo, as modules: what the real-engine tests
// cannot reach. n8n 2.41 hands declarative nodes no cancel signal (see test/node/sharing.test.js), so
// cancellation is driven here through a context that has one, as programmatic nodes' contexts do.
const path = require('path');

const dist = (file) => path.resolve(__dirname, '..', '..', 'dist', 'nodes', 'RemoteIot', 'shared', file);
const { Watcher } = require(dist('waitFor.js'));
const { oncePerExecution, sharedPerExecution, rememberedExecutions } = require(dist('executionCache.js'));

function contextFor(executionId, { signal, credentialId = 'cred-1' } = {}) {
	const node = { name: 'RemoteIoT', type: 'n8n-nodes-remoteiot.remoteIot', credentials: { remoteIotApi: { id: credentialId, name: 'x' } } };
	return {
		getNode: () => node,
		getExecutionId: () => executionId,
		getExecutionCancelSignal: () => signal,
	};
}

describe('Watcher', () => {
	test('serves every waiter from the same rounds; each keeps its own timeout and error', async () => {
		const rounds = [];
		let round = 0;
		const ctx = contextFor('w1');
		const watcher = new Watcher(async (subjects) => {
			round++;
			rounds.push(subjects.slice());
			return subjects.map((subject) => {
				if (subject === 'broken') return new Error('broken device');
				return { done: subject === 'quick' || (subject === 'slow' && round >= 3), value: `${subject}@${round}` };
			});
		});
		const results = await Promise.allSettled([
			watcher.wait(ctx, 'quick', 10000, () => new Error('quick timed out')),
			watcher.wait(ctx, 'slow', 10000, () => new Error('slow timed out')),
			watcher.wait(ctx, 'never', 1000, (last) => new Error(`never timed out, last ${last}`)),
			watcher.wait(ctx, 'broken', 10000, () => new Error('broken timed out')),
		]);
		expect(results.map((r) => r.value ?? r.reason.message)).toEqual(['quick@1', 'slow@3', expect.stringMatching(/^never timed out, last never@\d$/), 'broken device']);
		// All four were checked in the first round: one round serves every waiter.
		expect(rounds[0]).toEqual(['quick', 'slow', 'never', 'broken']);
		expect(rounds[1]).toEqual(['slow', 'never']);
	});

	test('a cancelled execution ends every wait at once', async () => {
		const controller = new AbortController();
		const ctx = contextFor('w2', { signal: controller.signal });
		const watcher = new Watcher(async (subjects) => {
			// Cancel once everyone has been checked once.
			controller.abort();
			return subjects.map(() => ({ done: false }));
		});
		const results = await Promise.allSettled([
			watcher.wait(ctx, 'a', 600000, () => new Error('timeout')),
			watcher.wait(ctx, 'b', 600000, () => new Error('timeout')),
		]);
		expect(results.map((r) => r.reason?.message)).toEqual(['The execution was cancelled', 'The execution was cancelled']);
	});
});

describe('oncePerExecution', () => {
	test('one load per key per execution and account, shared while in flight; failures are not kept', async () => {
		let loads = 0;
		const load = async () => {
			loads++;
			return ['value'];
		};
		const ctx = contextFor('m1');
		const values = await Promise.all(Array.from({ length: 50 }, () => oncePerExecution(ctx, 'k', load)));
		expect(loads).toBe(1);
		expect(values.every((v) => v === values[0])).toBe(true);
		await oncePerExecution(contextFor('m2'), 'k', load);
		await oncePerExecution(contextFor('m1', { credentialId: 'cred-2' }), 'k', load);
		expect(loads).toBe(3);

		let attempts = 0;
		const flaky = async () => {
			attempts++;
			if (attempts === 1) throw new Error('503');
			return 'ok';
		};
		await expect(Promise.all([oncePerExecution(ctx, 'f', flaky), oncePerExecution(ctx, 'f', flaky)])).rejects.toThrow('503');
		expect(attempts).toBe(1);
		await expect(oncePerExecution(ctx, 'f', flaky)).resolves.toBe('ok');
		await expect(oncePerExecution(ctx, 'f', flaky)).resolves.toBe('ok');
		expect(attempts).toBe(2);
	});

	test('contexts without an execution id share nothing; executions are bounded and forgotten on cancel', async () => {
		let loads = 0;
		const load = async () => ++loads;
		const noId = contextFor(undefined);
		await oncePerExecution(noId, 'k', load);
		await oncePerExecution(noId, 'k', load);
		expect(loads).toBe(2);
		expect(sharedPerExecution(noId, 's', () => ({})) === sharedPerExecution(noId, 's', () => ({}))).toBe(false);

		for (let i = 0; i < 200; i++) await oncePerExecution(contextFor(`bulk-${i}`), 'k', load);
		expect(rememberedExecutions()).toBeLessThanOrEqual(50);

		const controller = new AbortController();
		const cancelled = contextFor('cancel-me', { signal: controller.signal });
		const before = loads;
		await oncePerExecution(cancelled, 'k', load);
		await oncePerExecution(cancelled, 'k', load);
		expect(loads).toBe(before + 1);
		controller.abort();
		await oncePerExecution(cancelled, 'k', load);
		expect(loads).toBe(before + 2);
	});
});
