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
	FIRST_BACKOFF_MS,
	MAX_ATTEMPTS,
	MAX_BACKOFF_MS,
	REQUEST_TIMEOUT_MS,
} from './constants';
import { readResponse, responseError, retryAfterOf, statusOf, toNodeApiError } from './errors';
import type { RequestInfo } from './errors';
import { limiterFor } from './limiter';

/** Every n8n context this package sends requests from. */
export type RemoteIotContext = IExecuteSingleFunctions | ILoadOptionsFunctions | IPollFunctions;

function cancelSignal(ctx: RemoteIotContext): AbortSignal | undefined {
	const withSignal = ctx as Partial<IExecuteSingleFunctions>;
	return typeof withSignal.getExecutionCancelSignal === 'function'
		? withSignal.getExecutionCancelSignal()
		: undefined;
}

/** Requests of one execution share a limiter; a trigger or a list search has its own per workflow. */
function limiterKey(ctx: RemoteIotContext): string {
	const withId = ctx as Partial<IExecuteSingleFunctions>;
	const executionId = typeof withId.getExecutionId === 'function' ? withId.getExecutionId() : '';
	return executionId ? `execution:${executionId}` : `workflow:${ctx.getWorkflow().id ?? ''}`;
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

function backoffMs(attempt: number, error: unknown): number {
	const retryAfter = retryAfterOf(error);
	const exponential = Math.min(FIRST_BACKOFF_MS * 2 ** (attempt - 1), MAX_BACKOFF_MS);
	return Math.min(Math.max(retryAfter ?? 0, exponential), 30_000);
}

/**
 * Runs one request through the execution's shared limiter. 403 (rate limit) and 503 (maintenance)
 * are retried with back-off, a 403 pausing every request of the execution; nothing else is retried,
 * so a 500 or a network error on an operation that changes state is never sent twice.
 */
export async function sendThroughLimiter<T>(
	ctx: RemoteIotContext,
	info: RequestInfo,
	send: () => Promise<T>,
	deadline?: number,
): Promise<T> {
	const limiter = limiterFor(limiterKey(ctx));
	const signal = cancelSignal(ctx);
	for (let attempt = 1; ; attempt++) {
		throwIfCancelled(ctx);
		await limiter.acquire(signal);
		if (deadline !== undefined && Date.now() > deadline) {
			limiter.release();
			throw new DeadlinePassed();
		}
		let result: T;
		try {
			throwIfCancelled(ctx);
			result = await send();
		} catch (error) {
			limiter.release();
			const status = statusOf(error);
			if ((status === 403 || status === 503) && attempt < MAX_ATTEMPTS) {
				const delay = backoffMs(attempt, error);
				if (status === 403) limiter.pause(delay);
				else await wait(ctx, delay);
				continue;
			}
			throw toNodeApiError(ctx.getNode(), error, { ...info, attempts: attempt });
		}
		limiter.release();
		return result;
	}
}

async function baseUrl(ctx: RemoteIotContext): Promise<string> {
	const credentials = await ctx.getCredentials<{ baseUrl?: string }>(CREDENTIAL_TYPE);
	return String(credentials.baseUrl || 'https://remoteiot.com/portal/api').replace(/\/+$/, '');
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
		baseURL: await baseUrl(ctx),
		url: `/${endpoint}`,
		json: !options.text,
		ignoreHttpStatusErrors: true,
		returnFullResponse: true,
		timeout: REQUEST_TIMEOUT_MS,
	};
	if (body !== undefined) request.body = body;
	if (options.text) request.encoding = 'text';
	return await sendThroughLimiter(ctx, { endpoint, unitId: options.unitId }, async () => {
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			CREDENTIAL_TYPE,
			request,
		)) as IN8nHttpFullResponse;
		return readResponse(ctx.getNode(), response);
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
	return await sendThroughLimiter(ctx, { endpoint, unitId }, async () =>
		await ctx.makeRoutingRequest({ ...requestData, options }),
	);
}
