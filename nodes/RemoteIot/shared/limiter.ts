import { sleep } from 'n8n-workflow';

import {
	FIRST_BACKOFF_MS,
	INITIAL_CONCURRENT_REQUESTS,
	KEPT_LIMITERS,
	LIMITER_IDLE_MS,
	MAX_BACKOFF_MS,
	MAX_CONCURRENT_REQUESTS,
} from './constants';

/**
 * One limiter per RemoteIoT account (base URL + token) in this n8n process, shared by every execution,
 * trigger and list search that uses the account.
 *
 * - Concurrency is adaptive (AIMD with slow start, as TCP): it starts at INITIAL_CONCURRENT_REQUESTS,
 *   grows by SLOW_START_GROWTH per answered request while the window is in use and latency stays flat
 *   (slow start, ×1.5 per round trip) and by one per round trip after the first refusal; it is halved on a
 *   refusal (403/429, 503, 502/504, a reset), once per round trip. Bounds: 1 to 64, or the credential's cap.
 * - RemoteIoT's rate limit is about requests per second, so a 403/429 also teaches a request rate: the
 *   rate accepted over the last seconds (R). Requests are then paced, starting at 90 % of R and growing
 *   along TCP CUBIC's curve R + C·(t − K)³: slowly back up to R, then faster and faster, so the limit
 *   is found again if it rises, and a rate learned from a stray 403 is outgrown in seconds.
 * - A 403/429 pauses the whole account until its Retry-After (or an exponential back-off) has passed;
 *   then the requests the server let accumulate meanwhile (pause × the paced rate) go unpaced.
 */

/** What happened to a request, as far as the limiter cares. */
export type Outcome =
	/** RemoteIoT answered (any answer that is not a refusal below, including 4xx/500). */
	| 'answered'
	/** 403 or 429: rate limited. Pauses the account, teaches a rate, halves the concurrency. */
	| 'rateLimited'
	/** 503, 502/504 or a connection reset: overloaded. Halves the concurrency. */
	| 'overloaded'
	/** Nothing learned (cancelled, the request could not be sent). */
	| 'none';

/** A slot in flight, handed back to release(). */
export interface Slot {
	readonly sentAt: number;
	/** The limit was reached when this slot was handed out (the window was in use). */
	readonly windowFull: boolean;
}

interface Waiter {
	grant: (slot: Slot | undefined) => void;
	signal?: AbortSignal;
	onAbort?: () => void;
}

/** Window over which the accepted request rate is measured at a first 403/429 (at least a second of it). */
const RATE_WINDOW_MS = 2000;
/** A first estimate includes the burst a full token bucket lets through at once: 80 % of it is taken. */
const FIRST_ESTIMATE = 0.8;
/**
 * Slow-start growth per answered request (0.5: ×1.5 per round trip). Doubling (1, as TCP) overshoots a
 * full token bucket by a whole window: every request sent in the round before the first 403 comes back
 * is refused (measured on the sandbox at 20 requests/s: 16–24 refusals at ×2, about half that at ×1.5).
 */
const SLOW_START_GROWTH = 0.5;
/** Multiplicative decrease of the concurrency, and of the learned rate (CUBIC's β). */
const DECREASE = 0.5;
const RATE_DECREASE = 0.95;
/**
 * CUBIC's C, in requests per second per second³ (TCP uses 0.4 per RTT³; request rates change slower):
 * gentle around a rate measured between two refusals, faster around a first estimate (less certain).
 */
const CUBIC_C = 0.03;
const CUBIC_C_FIRST = 0.15;
/** A paced rate above this is no pacing at all. */
const MAX_PACED_RATE = 10_000;
/** A rate is learned only from at least this many accepted requests in the window (else: pause only). */
const MIN_RATE_SAMPLES = 5;
/** A learned rate is forgotten after this long without a 403/429 (the account's limit may have changed). */
const RATE_MEMORY_MS = 60_000;
/** Latency counts as flat while a round trip stays under this multiple of the shortest recent one. */
const LATENCY_TOLERANCE = 2;
/** The shortest round trip is measured afresh this often (so a slower network is accepted). */
const MIN_RTT_WINDOW_MS = 10_000;

export class AccountLimiter {
	/** Adaptive concurrency limit (fractional during additive increase). */
	private limit = INITIAL_CONCURRENT_REQUESTS;

	/** Slow-start threshold: growth is exponential below it, linear above it. */
	private threshold = Number.POSITIVE_INFINITY;

	private active = 0;

	private readonly queue: Waiter[] = [];

	private pauseEnd = 0;

	/** The accepted rate when RemoteIoT last refused as rate limited (Infinity: never, or forgotten). */
	private rateMax = Number.POSITIVE_INFINITY;

	/** When that was, and CUBIC's K (seconds until the paced rate is back at rateMax). */
	private rateEpoch = 0;

	private cubicK = 0;

	private cubicC = CUBIC_C;

	/** A rate measured at the last refusal, learned once a second request of that window is refused too. */
	private pendingRate: { rateMax: number; fromRefusal: boolean } | undefined;

	/** Accepted requests in all, and how many there were at the last rate-limit refusal. */
	private acceptedTotal = 0;

	private acceptedAtRefusal = 0;

	private lastRefusalAt = 0;

	/** Requests that may go unpaced when a pause ends: the server refilled its bucket meanwhile. */
	private credit = 0;

	private nextSendAt = 0;

	/** Requests sent before this time are answered from the window a decrease already accounted for. */
	private decreasedAt = Number.NEGATIVE_INFINITY;



	private minRtt = Number.POSITIVE_INFINITY;

	private minRttSince = 0;

	/** When accepted requests were answered (the last RATE_WINDOW_MS). */
	private readonly accepted: number[] = [];

	/** When the first request was sent (0: none yet). */
	private firstSentAt = 0;

	private wakeAt = 0;

	/** Last time a request was queued, sent or answered. */
	lastUsed = Date.now();

	/** The most requests in flight at once, and the refusals (for tests and the benchmark). */
	peakActive = 0;

	refusals = 0;

	constructor(private cap = MAX_CONCURRENT_REQUESTS) {}

	/** The credential's hard cap (0 or less: the default of 64). */
	setCap(cap: number): void {
		this.cap = cap > 0 ? Math.min(Math.floor(cap), MAX_CONCURRENT_REQUESTS) : MAX_CONCURRENT_REQUESTS;
		this.pump();
	}

	/** Requests allowed in flight right now. */
	get concurrency(): number {
		return Math.max(1, Math.min(this.cap, Math.floor(this.limit)));
	}

	/** Requests per second the account is paced at (Infinity: not paced). */
	get pacedRate(): number {
		return this.rateAt(Date.now());
	}

	private rateAt(now: number): number {
		if (!Number.isFinite(this.rateMax)) return this.rateMax;
		const t = (now - this.rateEpoch) / 1000;
		const rate = this.rateMax + this.cubicC * (t - this.cubicK) ** 3;
		if (rate > MAX_PACED_RATE || t * 1000 > RATE_MEMORY_MS) {
			this.rateMax = Number.POSITIVE_INFINITY;
			return this.rateMax;
		}
		return Math.max(1, rate);
	}

	get inFlight(): number {
		return this.active;
	}

	/** When the account's current pause ends (in the past: not paused). */
	get pausedUntil(): number {
		return this.pauseEnd;
	}

	get queued(): number {
		return this.queue.length;
	}

	/** Nothing in flight, queued or paused. */
	isIdle(now: number): boolean {
		return this.active === 0 && this.queue.length === 0 && now >= this.pauseEnd;
	}

	/**
	 * Waits for a slot: no pause, fewer requests in flight than the limit, and the paced rate allows
	 * one more. A retry goes to the front of the queue. Resolves `undefined` when `signal` aborts.
	 */
	async acquire(signal?: AbortSignal, retry = false): Promise<Slot | undefined> {
		const now = Date.now();
		this.lastUsed = now;
		if (signal?.aborted) return undefined;
		if (this.queue.length === 0 && this.canSend(now)) return this.grant(now);
		return await new Promise<Slot | undefined>((resolve) => {
			const waiter: Waiter = { grant: resolve, signal };
			if (signal) {
				waiter.onAbort = () => {
					const index = this.queue.indexOf(waiter);
					if (index >= 0) this.queue.splice(index, 1);
					resolve(undefined);
				};
				signal.addEventListener('abort', waiter.onAbort, { once: true });
			}
			if (retry) this.queue.unshift(waiter);
			else this.queue.push(waiter);
			this.pump();
		});
	}

	/**
	 * Hands a slot back with what RemoteIoT answered, adapts the limits, and lets the next request go.
	 * `retryAfterMs`: the answer's Retry-After; `attempt`: the request's attempt (for the back-off);
	 * `willRetry`: whether it will be sent again. Returns how long the request should wait before a retry
	 * (a 403/429 pauses the whole account instead; then 0).
	 */
	release(slot: Slot, outcome: Outcome, retryAfterMs?: number, attempt = 1, willRetry = true): number {
		const now = Date.now();
		this.active--;
		this.lastUsed = now;
		let wait = 0;
		if (outcome === 'answered') {
			this.onAnswered(slot, now);
		} else if (outcome === 'rateLimited' || outcome === 'overloaded') {
			this.refusals++;
			const backoff = retryAfterMs ?? Math.min(FIRST_BACKOFF_MS * 2 ** (attempt - 1), MAX_BACKOFF_MS);
			if (slot.sentAt >= this.decreasedAt) this.decrease(now, outcome === 'rateLimited');
			else if (outcome === 'rateLimited') this.learnPendingRate(now);
			// A request given up on pauses the account only when RemoteIoT said for how long.
			if (outcome === 'rateLimited' && (willRetry || retryAfterMs !== undefined)) {
				this.pause(backoff);
				const rate = this.rateAt(now);
				this.credit = Number.isFinite(rate) ? Math.floor((backoff / 1000) * rate) : 0;
			} else wait = backoff;
		}
		this.pump();
		return wait;
	}

	/** Makes every request of the account wait until `ms` from now (at least). */
	pause(ms: number): void {
		this.pauseEnd = Math.max(this.pauseEnd, Date.now() + ms);
	}

	private onAnswered(slot: Slot, now: number): void {
		const rtt = now - slot.sentAt;
		if (now - this.minRttSince > MIN_RTT_WINDOW_MS || rtt < this.minRtt) {
			this.minRtt = rtt;
			this.minRttSince = now;
		}
		this.accepted.push(now);
		this.acceptedTotal++;
		while (this.accepted.length > 0 && this.accepted[0] <= now - RATE_WINDOW_MS) this.accepted.shift();
		const flat = rtt <= Math.max(this.minRtt * LATENCY_TOLERANCE, this.minRtt + 20);
		if (slot.windowFull && flat && this.limit < this.cap) {
			this.limit += this.limit < this.threshold ? SLOW_START_GROWTH : 1 / this.limit;
			this.limit = Math.min(this.limit, this.cap);
		}
	}

	private decrease(now: number, rateLimited: boolean): void {
		this.decreasedAt = now;
		this.limit = Math.max(1, Math.min(this.limit, this.cap) * DECREASE);
		this.threshold = Math.max(2, this.limit);
		if (!rateLimited) return;
		// Between two refusals the server's bucket was empty at both ends, so what it accepted in between
		// is its rate. Without an earlier refusal: what it accepted over the last seconds (at least one),
		// less a share for the burst a full bucket lets through at first.
		const sinceRefusal = now - this.lastRefusalAt;
		const fromRefusal = this.lastRefusalAt > 0 && sinceRefusal >= 1000 && sinceRefusal <= RATE_MEMORY_MS;
		const window = Math.max(1000, Math.min(RATE_WINDOW_MS, now - this.firstSentAt));
		const samples = fromRefusal
			? this.acceptedTotal - this.acceptedAtRefusal
			: this.accepted.filter((at) => at > now - window).length;
		this.lastRefusalAt = now;
		this.acceptedAtRefusal = this.acceptedTotal;
		this.pendingRate = undefined;
		if (samples < MIN_RATE_SAMPLES) return;
		const rateMax = fromRefusal ? (samples * 1000) / sinceRefusal : ((samples * 1000) / window) * FIRST_ESTIMATE;
		// A lone refusal among accepted requests is a pause, not a rate: an exhausted limit refuses the
		// other requests of the same round too (or the only one in flight).
		this.pendingRate = { rateMax, fromRefusal };
		if (this.active === 0) this.learnPendingRate(now);
	}

	private learnPendingRate(now: number): void {
		if (!this.pendingRate) return;
		const { rateMax, fromRefusal } = this.pendingRate;
		this.pendingRate = undefined;
		this.rateMax = rateMax;
		this.rateEpoch = now;
		this.cubicC = fromRefusal ? CUBIC_C : CUBIC_C_FIRST;
		this.cubicK = Math.cbrt((this.rateMax * (1 - RATE_DECREASE)) / this.cubicC);
	}

	private canSend(now: number): boolean {
		return this.active < this.concurrency && now >= this.pauseEnd && now >= this.nextSendAt;
	}

	private grant(now: number): Slot {
		if (this.firstSentAt === 0) this.firstSentAt = now;
		this.active++;
		this.peakActive = Math.max(this.peakActive, this.active);
		const rate = this.rateAt(now);
		if (this.credit > 0) this.credit--;
		else if (Number.isFinite(rate)) this.nextSendAt = Math.max(now, this.nextSendAt) + 1000 / rate;
		return { sentAt: now, windowFull: this.active >= this.concurrency - 1 };
	}

	/** Hands free slots to waiting requests; when only time stands in the way, wakes up then. */
	private pump(): void {
		const now = Date.now();
		while (this.queue.length > 0 && this.canSend(now)) {
			const waiter = this.queue.shift() as Waiter;
			if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
			waiter.grant(this.grant(now));
		}
		if (this.queue.length === 0 || this.active >= this.concurrency) return;
		const at = Math.max(this.pauseEnd, this.nextSendAt);
		if (this.wakeAt > now && this.wakeAt <= at) return;
		this.wakeAt = at;
		void sleep(Math.max(1, at - now)).then(() => {
			if (this.wakeAt === at) this.wakeAt = 0;
			this.pump();
		});
	}
}

const limiters = new Map<string, AccountLimiter>();

/**
 * The limiter of one account. `key` is the base URL and a hash of the token (see accountKey), never
 * the token. `cap`: the credential's Max Concurrent Requests (0: none).
 */
export function limiterFor(key: string, cap = 0): AccountLimiter {
	let limiter = limiters.get(key);
	if (!limiter) {
		forgetIdleLimiters();
		limiter = new AccountLimiter();
		limiters.set(key, limiter);
	}
	limiter.setCap(cap);
	return limiter;
}

/**
 * Drops the limiters of accounts idle for LIMITER_IDLE_MS (at `now`), and the least recently used idle
 * ones while KEPT_LIMITERS or more are known; a busy limiter is always kept. Returns how many remain.
 */
export function forgetIdleLimiters(now = Date.now()): number {
	for (const [key, limiter] of limiters) {
		if (limiter.isIdle(now) && now - limiter.lastUsed >= LIMITER_IDLE_MS) limiters.delete(key);
	}
	if (limiters.size >= KEPT_LIMITERS) {
		const idle = [...limiters].filter(([, l]) => l.isIdle(now));
		idle.sort(([, a], [, b]) => a.lastUsed - b.lastUsed);
		for (const [key] of idle.slice(0, limiters.size - KEPT_LIMITERS + 1)) limiters.delete(key);
	}
	return limiters.size;
}

/** The accounts known right now (keys and limiters), for tests and the benchmark. */
export function knownLimiters(): ReadonlyMap<string, AccountLimiter> {
	return limiters;
}

/** 64-bit FNV-1a of a string as 16 hex digits (two 32-bit lanes with different offsets). */
function fnv64(text: string): string {
	let a = 0x811c9dc5;
	let b = 0x01000193 ^ 0x9e3779b9;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		a = Math.imul(a ^ c, 0x01000193);
		b = Math.imul(b ^ c, 0x01000193) ^ (a >>> 13);
	}
	return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/** The limiter key of an account: its base URL and a hash of its token (never the token itself). */
export function accountKey(baseUrl: string, token: string): string {
	return `${baseUrl} #${fnv64(`remoteiot-limiter:${token}`)}`;
}
