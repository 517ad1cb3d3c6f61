/** The credential type every request of this package authenticates with. */
export const CREDENTIAL_TYPE = 'remoteIotApi';

/** RemoteIoT's documented cap on the number of device IDs one request may carry. */
export const MAX_IDS_PER_REQUEST = 1000;

/** Requests of one execution in flight at the same time (RemoteIoT answers 403 to clients that ask too fast). */
export const MAX_CONCURRENT_REQUESTS = 4;

/** How often a request refused with 403 (rate limit) or 503 (maintenance) is tried in all. */
export const MAX_ATTEMPTS = 5;

/** First back-off after a 403 or 503; doubled on every further refusal, capped at MAX_BACKOFF_MS. */
export const FIRST_BACKOFF_MS = 500;
export const MAX_BACKOFF_MS = 8000;

/** Request timeout for the helper requests this package sends itself (name look-ups, device lists, polling). */
export const REQUEST_TIMEOUT_MS = 60_000;
