import { sleep } from 'n8n-workflow';

import { MAX_CONCURRENT_REQUESTS } from './constants';

/**
 * A counting semaphore with a shared pause. All requests of one execution go through one limiter,
 * so a thousand input items never become a thousand concurrent requests, and one 403 (rate limit)
 * makes every request of the execution back off together.
 */
export class Limiter {
	private active = 0;

	private readonly waiting: Array<() => void> = [];

	private pausedUntil = 0;

	constructor(private readonly maxActive: number) {}

	get idle(): boolean {
		return this.active === 0 && this.waiting.length === 0 && Date.now() >= this.pausedUntil;
	}

	/** Waits for any shared pause to end, then for a free slot. */
	async acquire(signal?: AbortSignal): Promise<void> {
		await this.waitForPause(signal);
		if (this.active < this.maxActive) {
			this.active++;
			return;
		}
		await new Promise<void>((resolve) => this.waiting.push(resolve));
		// The slot was handed over by release(); a pause may have started meanwhile.
		await this.waitForPause(signal);
	}

	release(): void {
		const next = this.waiting.shift();
		if (next) {
			next();
			return;
		}
		this.active--;
	}

	/** Makes every request of this limiter wait until `ms` from now (at least). */
	pause(ms: number): void {
		this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
	}

	private async waitForPause(signal?: AbortSignal): Promise<void> {
		for (let left = this.pausedUntil - Date.now(); left > 0; left = this.pausedUntil - Date.now()) {
			if (signal?.aborted) return;
			await sleep(Math.min(left, 250));
		}
	}
}

const limiters = new Map<string, Limiter>();
const KEPT_LIMITERS = 100;

/** The limiter shared by every request of one execution (or of one trigger, or one list search). */
export function limiterFor(key: string): Limiter {
	let limiter = limiters.get(key);
	if (!limiter) {
		limiter = new Limiter(MAX_CONCURRENT_REQUESTS);
		limiters.set(key, limiter);
		// Forget limiters of finished executions; a busy one is kept until it is idle.
		for (const [oldKey, old] of limiters) {
			if (limiters.size <= KEPT_LIMITERS) break;
			if (old.idle) limiters.delete(oldKey);
		}
	}
	return limiter;
}
