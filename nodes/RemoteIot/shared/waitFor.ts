import type { IExecuteSingleFunctions } from 'n8n-workflow';
import { readNumber, TIMEOUT_RANGE } from './numbers';

import { wait } from './transport';
import type { RemoteIotContext } from './transport';

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
 * One round of a watcher: checks every waiting subject at once (one request per round, or one per
 * device) and answers, in the same order, each subject's result or the error that ends its wait.
 */
export type RoundCheck<S, T> = (subjects: S[], ctx: RemoteIotContext) => Promise<Array<PollResult<T> | Error>>;

interface Waiting<S, T> {
	subject: S;
	deadline: number;
	/** When this waiter wants its next check, and the pause after that. */
	nextAt: number;
	interval: number;
	last?: T;
	onTimeout: (last: T | undefined) => Error;
	resolve: (value: T) => void;
	reject: (error: Error) => void;
}

const grow = (interval: number) => Math.min(Math.round(interval * 1.5), MAX_POLL_INTERVAL_MS);

/**
 * The one "poll until done or time out" loop of the package. Any number of waiters (the items of an
 * execution waiting for their jobs or speed tests) are served by the same rounds: a round runs when
 * the earliest waiter is due (its own schedule: `firstCheckMs` after it joined, then growing pauses of
 * 0.5 s, 0.75 s … up to 5 s) or reaches its deadline, and it checks every waiter at once. Each waiter
 * keeps its own timeout (checked a last time at its deadline) and its own error. Waiting uses n8n's
 * sleep and ends every wait when the execution is cancelled.
 */
export class Watcher<S, T> {
	private readonly waiting: Array<Waiting<S, T>> = [];

	/**
	 * The context the rounds send from and wait with (the execution's cancel signal): an item's, held
	 * only while someone waits, so a finished execution's data is not kept alive by an idle watcher.
	 */
	private ctx?: RemoteIotContext;

	constructor(
		private readonly round: RoundCheck<S, T>,
		private readonly firstCheckMs = FIRST_POLL_INTERVAL_MS,
	) {}

	/** Waits until `subject` is done; rejects with `onTimeout(last)` after `timeoutMs`. */
	async wait(
		ctx: RemoteIotContext,
		subject: S,
		timeoutMs: number,
		onTimeout: (last: T | undefined) => Error,
	): Promise<T> {
		const now = Date.now();
		return await new Promise<T>((resolve, reject) => {
			this.waiting.push({
				subject,
				deadline: now + timeoutMs,
				nextAt: now + this.firstCheckMs,
				interval: FIRST_POLL_INTERVAL_MS,
				onTimeout,
				resolve,
				reject,
			});
			if (!this.ctx) {
				this.ctx = ctx;
				void this.run(ctx);
			}
		});
	}

	private nextWake(): number {
		let at = Number.POSITIVE_INFINITY;
		for (const waiter of this.waiting) at = Math.min(at, waiter.nextAt, waiter.deadline);
		return at;
	}

	private async run(ctx: RemoteIotContext): Promise<void> {
		try {
			while (this.waiting.length) {
				// Re-read the schedule at least every 250 ms: a waiter that joins may be due sooner.
				for (let left = this.nextWake() - Date.now(); left > 0; left = this.nextWake() - Date.now()) {
					await wait(ctx, Math.min(left, 250));
				}
				await this.runRound(ctx);
			}
		} catch (error) {
			for (const waiter of this.waiting.splice(0)) waiter.reject(error as Error);
		} finally {
			this.ctx = undefined;
		}
	}

	private async runRound(ctx: RemoteIotContext): Promise<void> {
		const batch = this.waiting.slice();
		const results = await this.round(
			batch.map((waiter) => waiter.subject),
			ctx,
		);
		const now = Date.now();
		batch.forEach((waiter, index) => {
			const result = results[index];
			let outcome: { value: T } | { error: Error } | undefined;
			if (result instanceof Error) {
				outcome = { error: result };
			} else {
				if (result?.value !== undefined) waiter.last = result.value;
				if (result?.done) outcome = { value: result.value as T };
				else if (now >= waiter.deadline) outcome = { error: waiter.onTimeout(waiter.last) };
			}
			if (!outcome) {
				waiter.nextAt = Math.min(now + waiter.interval, waiter.deadline);
				waiter.interval = grow(waiter.interval);
				return;
			}
			this.waiting.splice(this.waiting.indexOf(waiter), 1);
			if ('error' in outcome) waiter.reject(outcome.error);
			else waiter.resolve(outcome.value);
		});
	}
}

/**
 * Polls one thing on its own until done or timed out: at once, then after growing pauses; the last
 * poll happens at the deadline. A one-waiter `Watcher`, so there is one waiting loop in the package.
 */
export async function waitFor<T>(ctx: IExecuteSingleFunctions, options: WaitForOptions<T>): Promise<T> {
	const watcher = new Watcher<null, T>(
		async () => {
			try {
				return [await options.check()];
			} catch (error) {
				return [error as Error];
			}
		},
		0,
	);
	return await watcher.wait(ctx, null, options.timeoutMs, options.onTimeout);
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
