import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from './constants';
import type { RemoteIotContext } from './transport';

/**
 * "Once per execution": look-ups (a device by name, the chart list, the fleet's device list) and the
 * job and speed-test watchers are shared by every item of one execution on one account.
 *
 * Keyed by the execution id plus the node's RemoteIoT credential id (the account; never the token).
 * n8n gives nodes no "execution finished" event, so an execution's entries are forgotten when it is
 * cancelled, when it has not been used for IDLE_MS, or when more than MAX_EXECUTIONS executions are
 * kept (least recently used first). Each execution keeps at most MAX_VALUES memoised values.
 * Contexts without an execution id (list searches) share nothing.
 */
const MAX_EXECUTIONS = 50;
const MAX_VALUES = 1000;
const IDLE_MS = 10 * 60 * 1000;

interface ExecutionStore {
	lastUsed: number;
	/** Memoised look-ups: settled successes and requests in flight. */
	values: Map<string, Promise<unknown>>;
	/** Long-lived helpers of the execution (watchers). */
	shared: Map<string, unknown>;
}

const stores = new Map<string, ExecutionStore>();

function storeKey(ctx: RemoteIotContext): string | undefined {
	const withId = ctx as Partial<IExecuteSingleFunctions>;
	const executionId = typeof withId.getExecutionId === 'function' ? withId.getExecutionId() : undefined;
	if (!executionId) return undefined;
	const credential = ctx.getNode().credentials?.[CREDENTIAL_TYPE];
	return `${executionId}\n${credential?.id ?? credential?.name ?? ''}`;
}

function forgetIdle(now: number): void {
	for (const [key, store] of stores) {
		if (now - store.lastUsed > IDLE_MS) stores.delete(key);
	}
	// Map order is least recently used first (a used store is moved to the end).
	for (const key of stores.keys()) {
		if (stores.size <= MAX_EXECUTIONS) break;
		stores.delete(key);
	}
}

function storeFor(ctx: RemoteIotContext): ExecutionStore | undefined {
	const key = storeKey(ctx);
	if (key === undefined) return undefined;
	const now = Date.now();
	let store = stores.get(key);
	if (store) {
		stores.delete(key);
	} else {
		store = { lastUsed: now, values: new Map(), shared: new Map() };
		const withSignal = ctx as Partial<IExecuteSingleFunctions>;
		const signal =
			typeof withSignal.getExecutionCancelSignal === 'function' ? withSignal.getExecutionCancelSignal() : undefined;
		signal?.addEventListener('abort', () => stores.delete(key), { once: true });
	}
	store.lastUsed = now;
	stores.set(key, store);
	forgetIdle(now);
	return store;
}

/**
 * Runs `load` once per execution (and account) for `key`; concurrent callers share the request in
 * flight. A failed load is forgotten, so the next caller tries again. Callers must not mutate the value.
 */
export async function oncePerExecution<T>(
	ctx: RemoteIotContext,
	key: string,
	load: () => Promise<T>,
): Promise<T> {
	const store = storeFor(ctx);
	if (!store) return await load();
	const known = store.values.get(key) as Promise<T> | undefined;
	if (known) return await known;
	const pending = load();
	store.values.set(key, pending);
	pending.catch(() => {
		if (store.values.get(key) === pending) store.values.delete(key);
	});
	if (store.values.size > MAX_VALUES) {
		const oldest = store.values.keys().next().value;
		if (oldest !== undefined) store.values.delete(oldest);
	}
	return await pending;
}

/** The one `create()`d helper of this execution (and account) for `key`; a fresh one without an execution id. */
export function sharedPerExecution<T>(ctx: RemoteIotContext, key: string, create: () => T): T {
	const store = storeFor(ctx);
	if (!store) return create();
	let value = store.shared.get(key) as T | undefined;
	if (value === undefined) {
		value = create();
		store.shared.set(key, value);
	}
	return value;
}

/** How many executions are remembered (for tests of the bounds). */
export function rememberedExecutions(): number {
	return stores.size;
}
