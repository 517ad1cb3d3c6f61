import type { TriggerState } from './state';

/**
 * Process-local memory of the trigger, beside the static data n8n persists.
 *
 * - The memo keeps the state of the last poll of each trigger that returned `null`: n8n may not
 *   write such a poll's static data (legacy mode keeps it in memory only until a restart, the durable
 *   scheduler drops it at the next poll, durable cursors drop the activation poll's). The next poll
 *   starts from the newer of the memo and the persisted state (`at`). A poll that returns items
 *   forgets the memo: n8n persists that poll's state with its items, and if n8n discards a result
 *   (workflow saved meanwhile) the events are found again from the persisted state.
 * - The guard: at most one poll of a trigger runs at a time in this process.
 *
 * Keys are `workflow id + node id` (never anything derived from credentials). Memory stays bounded:
 * a trigger that has not polled for MEMO_IDLE_MS is forgotten, and at most MEMO_MAX_ENTRIES are kept.
 */

export const MEMO_IDLE_MS = 25 * 60 * 60_000;
export const MEMO_MAX_ENTRIES = 1000;
/** A poll that has run this long is considered abandoned by the guard. */
export const GUARD_STALE_MS = 15 * 60_000;

interface MemoEntry {
	state: TriggerState;
	touched: number;
}

const memo = new Map<string, MemoEntry>();
const running = new Map<string, number>();

export function triggerKey(workflowId: string | undefined, nodeId: string | undefined): string | undefined {
	if (!workflowId || !nodeId) return undefined;
	return `${workflowId}\u0000${nodeId}`;
}

/** Starts a poll of `key`; false when another poll of the same trigger is still running. */
export function tryEnter(key: string, now: number): boolean {
	const started = running.get(key);
	if (started !== undefined && now - started < GUARD_STALE_MS) return false;
	running.set(key, now);
	return true;
}

export function leave(key: string): void {
	running.delete(key);
}

export function recall(key: string, now: number): TriggerState | undefined {
	sweep(now);
	const entry = memo.get(key);
	if (!entry) return undefined;
	entry.touched = now;
	return entry.state;
}

export function remember(key: string, state: TriggerState, now: number): void {
	memo.delete(key); // re-inserted last: the Map's order is the eviction order
	memo.set(key, { state, touched: now });
	while (memo.size > MEMO_MAX_ENTRIES) memo.delete(memo.keys().next().value as string);
}

export function forget(key: string): void {
	memo.delete(key);
}

function sweep(now: number): void {
	for (const [key, entry] of memo) if (now - entry.touched > MEMO_IDLE_MS) memo.delete(key);
}

/** For tests and the harness: how many triggers are remembered, and a process restart. */
export function memoSize(): number {
	return memo.size;
}

export function resetProcessMemory(): void {
	memo.clear();
	running.clear();
}
