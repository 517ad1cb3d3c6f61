import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import {
	CREDENTIAL_TYPE,
	MAX_ATTEMPTS,
	MAX_ATTEMPTS_GATEWAY,
	MAX_RETRY_AFTER_MS,
	REQUEST_TIMEOUT_MS,
} from './constants';
import {
	isConnectionReset,
	readResponse,
	responseError,
	retryAfterOf,
	statusOf,
	toNodeApiError,
} from './errors';
import type { RequestInfo } from './errors';
import { oncePerExecution } from './executionCache';
import type { Outcome } from './limiter';
import { accountKey, limiterFor } from './limiter';

/** Every n8n context this package sends requests from. */
export type RemoteIotContext = IExecuteSingleFunctions | ILoadOptionsFunctions | IPollFunctions;

/**
 * The endpoints that only read: a 502, a 504 or a connection reset is retried on these, never on the
 * others (they change state, and the first attempt may have taken effect). `log` is not here: it hands
 * each line out once, so a lost answer must not be asked for again. The one list; every request of the
 * package goes through sendThroughLimiter, which reads it by endpoint.
 */
const READ_ONLY_ENDPOINTS: ReadonlySet<string> = new Set([
	'device',
	'status',
	'GetDevice',
	'listjob',
	'ListConnection',
	'ListChart',
	'ChartHistory',
	'ChartHistoryMulti',
	'CustomField',
	'DeviceUptime',
	'NetworkIn',
	'NetworkOut',
	'NetworkUptime',
	'GetSpeedTestResult',
]);

export function isReadOnlyEndpoint(endpoint: string): boolean {
	return READ_ONLY_ENDPOINTS.has(endpoint);
}

function cancelSignal(ctx: RemoteIotContext): AbortSignal | undefined {
	const withSignal = ctx as Partial<IExecuteSingleFunctions>;
	return typeof withSignal.getExecutionCancelSignal === 'function'
		? withSignal.getExecutionCancelSignal()
		: undefined;
}

export function throwIfCancelled(ctx: RemoteIotContext): void {
	if (cancelSignal(ctx)?.aborted) {
		throw new NodeOperationError(ctx.getNode(), 'The execution was cancelled');
	}
}

/** Waits without global timers and stops early when the execution is cancelled. */
export async function wait(ctx: RemoteIotContext, ms: number): Promise<void> {
	const until = Date.now() + ms;
	for (let left = ms; left > 0; left = until - Date.now()) {
		throwIfCancelled(ctx);
		await sleep(Math.min(left, 250));
	}
	throwIfCancelled(ctx);
}

interface Account {
	baseUrl: string;
	key: string;
	cap: number;
}

async function readAccount(ctx: RemoteIotContext): Promise<Account> {
	const credentials = await ctx.getCredentials<{
		baseUrl?: string;
		accessToken?: string;
		maxConcurrentRequests?: number | string;
	}>(CREDENTIAL_TYPE);
	const baseUrl = String(credentials.baseUrl || 'https://remoteiot.com/portal/api').replace(/\/+$/, '');
	const cap = Number(credentials.maxConcurrentRequests) || 0;
	return { baseUrl, key: accountKey(baseUrl, String(credentials.accessToken ?? '')), cap };
}

/**
 * The account a context's requests belong to: base URL, limiter key (a hash of the token), cap. Read
 * once per execution and account (the credential cannot change during an execution); triggers and
 * list searches, which have no execution, read it every time.
 */
async function accountOf(ctx: RemoteIotContext): Promise<Account> {
	return await oncePerExecution(ctx, 'account', async () => await readAccount(ctx));
}

/** What a failed attempt means to the limiter, and how often such a request is tried in all (1: never again). */
function classify(error: unknown, endpoint: string): { outcome: Outcome; attempts: number } {
	const status = statusOf(error);
	if (status === 403 || status === 429) return { outcome: 'rateLimited', attempts: MAX_ATTEMPTS };
	if (status === 503) return { outcome: 'overloaded', attempts: MAX_ATTEMPTS };
	const gateway = status === 502 || status === 504 || (status === undefined && isConnectionReset(error));
	if (gateway) return { outcome: 'overloaded', attempts: isReadOnlyEndpoint(endpoint) ? MAX_ATTEMPTS_GATEWAY : 1 };
	return { outcome: status === undefined ? 'none' : 'answered', attempts: 1 };
}

/**
 * Runs one request through its account's shared limiter (see limiter.ts). 403, 429 and 503 are retried
 * on every endpoint, up to MAX_ATTEMPTS in all (Retry-After honoured; a 403/429 pauses every request of
 * the account); 502, 504 and connection resets only on read-only endpoints, up to MAX_ATTEMPTS_GATEWAY;
 * a 500, any other status or network error never, so nothing that changes state is sent twice.
 * `send` is given the account's base URL (read once per execution with the limiter key).
 */
export async function sendThroughLimiter<T>(
	ctx: RemoteIotContext,
	info: RequestInfo,
	send: (baseUrl: string) => Promise<T>,
	deadline?: number,
): Promise<T> {
	const account = await accountOf(ctx);
	const limiter = limiterFor(account.key, account.cap);
	const signal = cancelSignal(ctx);
	for (let attempt = 1; ; attempt++) {
		throwIfCancelled(ctx);
		const slot = await limiter.acquire(signal, attempt > 1);
		if (!slot) throw new NodeOperationError(ctx.getNode(), 'The execution was cancelled');
		if (deadline !== undefined && Date.now() > deadline) {
			limiter.release(slot, 'none');
			throw new DeadlinePassed();
		}
		let result: T;
		try {
			throwIfCancelled(ctx);
			result = await send(account.baseUrl);
		} catch (error) {
			const { outcome, attempts } = classify(error, info.endpoint);
			const retry = attempt < attempts && !cancelSignal(ctx)?.aborted;
			const retryAfter = retryAfterOf(error);
			const delay = limiter.release(
				slot,
				outcome,
				retryAfter === undefined ? undefined : Math.min(retryAfter, MAX_RETRY_AFTER_MS),
				attempt,
				retry,
			);
			if (retry) {
				if (delay > 0) await wait(ctx, delay);
				continue;
			}
			throw toNodeApiError(ctx.getNode(), error, { ...info, baseUrl: account.baseUrl, attempts: attempt });
		}
		limiter.release(slot, 'answered');
		return result;
	}
}

/** Thrown instead of sending when a request with a `deadline` gets its limiter slot too late. */
export class DeadlinePassed extends Error {
	constructor() {
		super('The request was not sent: its deadline passed while it waited for a slot');
		this.name = 'DeadlinePassed';
	}
}

export interface ApiRequestOptions {
	/** Ask for text (the CSV endpoints); JSON otherwise. */
	text?: boolean;
	/** The device the request is about, for error messages. */
	unitId?: string;
	/** Epoch ms: when the request gets its slot after this, it is not sent (`DeadlinePassed`). */
	deadline?: number;
}

/**
 * Sends one POST to a RemoteIoT endpoint from our own code (name look-ups, device lists, job polling,
 * the trigger, list searches) and returns the response data: a JSON array or object, a CSV text, or
 * '' for endpoints that only answer HTTP 200.
 */
export async function apiRequest(
	ctx: RemoteIotContext,
	endpoint: string,
	body?: IDataObject | IDataObject[],
	options: ApiRequestOptions = {},
): Promise<unknown> {
	const request: IHttpRequestOptions = {
		method: 'POST',
		url: `/${endpoint}`,
		json: !options.text,
		ignoreHttpStatusErrors: true,
		returnFullResponse: true,
		timeout: REQUEST_TIMEOUT_MS,
	};
	if (body !== undefined) request.body = body;
	if (options.text) request.encoding = 'text';
	return await sendThroughLimiter(ctx, { endpoint, unitId: options.unitId }, async (baseUrl) => {
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, {
			...request,
			baseURL: baseUrl,
		})) as IN8nHttpFullResponse;
		return readResponse(ctx.getNode(), response, { endpoint, baseUrl });
	}, options.deadline);
}

/** `apiRequest` for endpoints that answer a JSON array: anything else is an unreadable response. */
export async function apiRequestList(
	ctx: RemoteIotContext,
	endpoint: string,
	body?: IDataObject | IDataObject[],
	options: ApiRequestOptions = {},
): Promise<IDataObject[]> {
	const data = await apiRequest(ctx, endpoint, body, options);
	if (data === '') return [];
	if (!Array.isArray(data)) {
		throw toNodeApiError(ctx.getNode(), responseError(ctx.getNode(), 200, data, { malformed: true }), {
			endpoint,
		});
	}
	return data as IDataObject[];
}

/**
 * Sends the request n8n's declarative engine built for this item (URL and body from the node's
 * `routing`), optionally changed, through the shared limiter; the operation's postReceive actions
 * shape the response into items.
 */
export async function routedRequest(
	ctx: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	changes: Partial<DeclarativeRestApiSettings.HttpRequestOptions> = {},
): Promise<INodeExecutionData[]> {
	const options = { ...requestData.options, ...changes };
	const endpoint = String(options.url ?? '').replace(/^\//, '');
	const body = options.body as IDataObject | undefined;
	const unitId = body && !Array.isArray(body) && typeof body.UnitId === 'string' ? body.UnitId : undefined;
	// The base URL is the account's (requestDefaults has none: see RemoteIot.node.ts).
	return await sendThroughLimiter(ctx, { endpoint, unitId }, async (baseURL) =>
		await ctx.makeRoutingRequest({ ...requestData, options: { ...options, baseURL } }),
	);
}
