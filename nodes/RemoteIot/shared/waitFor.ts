import type { IExecuteSingleFunctions } from 'n8n-workflow';
import { readNumber, TIMEOUT_RANGE } from './numbers';

import { wait } from './transport';

/** First pause between two polls; it grows by half each time up to MAX_POLL_INTERVAL_MS. */
export const FIRST_POLL_INTERVAL_MS = 500;
export const MAX_POLL_INTERVAL_MS = 5000;

export interface PollResult<T> {
	done: boolean;
	/** The finished value, or the last thing seen (used to word the timeout error). */
	value?: T;
}

export interface WaitForOptions<T> {
	/** How long to keep polling, in milliseconds. */
	timeoutMs: number;
	/** One poll: says whether the wait is over. */
	check: () => Promise<PollResult<T>>;
	/** The error to throw when the time is up, given the last value seen. */
	onTimeout: (last: T | undefined) => Error;
}

/**
 * The one "poll until done or time out" loop of the package (jobs, speed tests). Polls at once, then
 * after growing pauses (0.5 s, 0.75 s … up to 5 s); the last poll happens at the deadline. Waiting uses
 * n8n's sleep and stops when the execution is cancelled.
 */
export async function waitFor<T>(ctx: IExecuteSingleFunctions, options: WaitForOptions<T>): Promise<T> {
	const deadline = Date.now() + options.timeoutMs;
	let interval = FIRST_POLL_INTERVAL_MS;
	let last: T | undefined;
	for (;;) {
		const result = await options.check();
		if (result.value !== undefined) last = result.value;
		if (result.done) return result.value as T;
		const left = deadline - Date.now();
		if (left <= 0) throw options.onTimeout(last);
		await wait(ctx, Math.min(interval, left));
		interval = Math.min(Math.round(interval * 1.5), MAX_POLL_INTERVAL_MS);
	}
}

/** Reads the `options.timeout` (seconds) of a waiting operation as milliseconds; refuses values out of range. */
export function readTimeoutMs(ctx: IExecuteSingleFunctions, defaultSeconds: number): number {
	const node = ctx.getNode();
	const raw = ctx.getNodeParameter('options.timeout', defaultSeconds) as unknown;
	const seconds = readNumber(
		node,
		raw,
		{
			parameter: 'Timeout',
			kind: 'option',
			...TIMEOUT_RANGE,
			hint: `Enter how many seconds to wait, for example ${defaultSeconds}.`,
		},
		ctx.getItemIndex(),
	);
	return seconds * 1000;
}
