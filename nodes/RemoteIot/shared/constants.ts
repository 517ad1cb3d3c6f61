/** The credential type every request of this package authenticates with. */
export const CREDENTIAL_TYPE = 'remoteIotApi';

/** RemoteIoT's documented cap on the number of device IDs one request may carry. */
export const MAX_IDS_PER_REQUEST = 1000;

/**
 * Requests in flight per RemoteIoT account (base URL + token) in one n8n process, shared by every
 * execution, trigger and list search: the adaptive limit starts at INITIAL and moves between 1 and
 * MAX (or the credential's "Max Concurrent Requests", whichever is lower).
 */
export const INITIAL_CONCURRENT_REQUESTS = 8;
export const MAX_CONCURRENT_REQUESTS = 64;

/** An account limiter unused for this long is forgotten, with what it learned. */
export const LIMITER_IDLE_MS = 5 * 60_000;

/** Accounts whose limiters are kept at most (idle ones are dropped first). */
export const KEPT_LIMITERS = 100;

/** How often a request refused with 403/429 (rate limit) or 503 (maintenance) is tried in all. */
export const MAX_ATTEMPTS = 5;

/** How often a read-only request is tried in all after a 502/504 or a connection reset (a gateway or network problem). */
export const MAX_ATTEMPTS_GATEWAY = 3;

/** First back-off after a refusal without Retry-After; doubled on every further refusal, capped at MAX_BACKOFF_MS. */
export const FIRST_BACKOFF_MS = 500;
export const MAX_BACKOFF_MS = 8000;

/** Retry-After values above this are cut to it (a broken header must not park an execution for hours). */
export const MAX_RETRY_AFTER_MS = 30_000;

/** Request timeout for the helper requests this package sends itself (name look-ups, device lists, polling). */
export const REQUEST_TIMEOUT_MS = 60_000;
