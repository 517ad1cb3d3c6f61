import type {
	IDataObject,
	IExecuteSingleFunctions,
	IN8nHttpFullResponse,
	INode,
	INodeExecutionData,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/**
 * One place that reads RemoteIoT's answers: every request of the package (routed by n8n's declarative
 * engine or sent by our own helpers) passes its response through `readResponse`, and every failure
 * becomes a NodeApiError through `toNodeApiError`.
 */

/** What RemoteIoT answered, kept for every raw response error until toNodeApiError words it. */
interface ResponseFailure {
	statusCode: number;
	body: unknown;
	retryAfterMs?: number;
	malformed: boolean;
}

const responseFailures = new WeakMap<Error, ResponseFailure>();

/**
 * A raw error for a response RemoteIoT sent that is not a success (HTTP status >= 400) or that cannot
 * be read. The transport retries or words it (toNodeApiError) once it knows what the request was for.
 */
export function responseError(
	node: INode,
	statusCode: number,
	body: unknown,
	{ retryAfterMs, malformed = false }: { retryAfterMs?: number; malformed?: boolean } = {},
): NodeApiError {
	const error = new NodeApiError(node, { statusCode } as JsonObject, {
		message: malformed ? 'RemoteIoT sent a response that could not be read' : `RemoteIoT answered HTTP ${statusCode}`,
		httpCode: String(statusCode),
	});
	responseFailures.set(error, { statusCode, body, retryAfterMs, malformed });
	return error;
}

export function retryAfterOf(error: unknown): number | undefined {
	return error instanceof Error ? responseFailures.get(error)?.retryAfterMs : undefined;
}

/** What a request was for, so that errors can say it. */
export interface RequestInfo {
	endpoint: string;
	unitId?: string;
	attempts?: number;
	/** The credential's base URL, for errors about what stands between n8n and RemoteIoT. */
	baseUrl?: string;
}

function header(response: IN8nHttpFullResponse, name: string): string {
	const value = (response.headers as IDataObject | undefined)?.[name];
	return typeof value === 'string' ? value : '';
}

export function isCsvResponse(response: IN8nHttpFullResponse): boolean {
	return header(response, 'content-type').includes('csv');
}

function looksLikeJson(text: string): boolean {
	const start = text.trimStart()[0];
	return start === '[' || start === '{';
}

/**
 * Checks a raw HTTP response and returns its data: a JSON array or object, a CSV text, or '' for
 * the endpoints that only answer "HTTP 200". Throws a raw `responseError` for error statuses and for
 * bodies that cannot be read; the transport retries it or words it with `toNodeApiError`.
 */
export function readResponse(node: INode, response: IN8nHttpFullResponse): unknown {
	const { statusCode, body } = response;
	if (statusCode >= 400) {
		const retryAfter = Number(header(response, 'retry-after'));
		throw responseError(node, statusCode, body, {
			retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
		});
	}
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	if (typeof body !== 'string') return body ?? '';
	if (body.trim() === '') return '';
	if (isCsvResponse(response)) return body;
	if (looksLikeJson(body) || header(response, 'content-type').includes('json')) {
		try {
			return JSON.parse(body) as unknown;
		} catch {
			throw responseError(node, statusCode, body, { malformed: true });
		}
	}
	return body;
}

/** The declarative postReceive that every operation runs first: errors out, or turns the body into items. */
export async function checkResponse(
	this: IExecuteSingleFunctions,
	_items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	const data = readResponse(this.getNode(), response);
	if (Array.isArray(data)) return data.map((json) => ({ json: json as IDataObject }));
	if (data && typeof data === 'object') return [{ json: data as IDataObject }];
	// Empty bodies (action endpoints) and CSV texts are shaped by the operation's own postReceive.
	return [{ json: {} }];
}

function apiDetail(body: unknown): string {
	if (body && typeof body === 'object') {
		const data = body as IDataObject;
		const parts = [data.message, data.detail, data.error].filter(
			(part): part is string => typeof part === 'string' && part.length > 0,
		);
		return parts.join(' – ');
	}
	if (typeof body === 'string') return body.trim().slice(0, 300);
	return '';
}

/** Never let a bearer token (a JWT or any long credential) reach an error text, whatever put it there. */
export function redact(text: string): string {
	return text
		.replace(/Bearer\s+[A-Za-z0-9\-._~+/]{12,}=*/gi, 'Bearer [redacted]')
		.replace(/eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, '[redacted token]');
}

function statusMessage(statusCode: number, info: RequestInfo): { message: string; description: string } {
	const target = info.unitId ? `device ${info.unitId}` : 'the requested data';
	switch (statusCode) {
		case 400:
			return {
				message: `RemoteIoT rejected the request to "${info.endpoint}" as invalid`,
				description: 'Check the parameters of this operation.',
			};
		case 401:
			return {
				message: 'RemoteIoT did not accept the access token',
				description:
					'The token is wrong or expired, or the account has no API access (the RemoteIoT API needs a Business or Enterprise account). Copy a fresh token from the API access page of the RemoteIoT portal into the RemoteIoT API credential.',
			};
		case 403:
			return {
				message: 'RemoteIoT rate limit reached: too many requests from this IP address',
				description: `Still refused after ${info.attempts ?? 1} attempts with back-off (every request of this RemoteIoT account in this n8n waited together). Run fewer items at once, or set a lower Max Concurrent Requests in the RemoteIoT API credential.`,
			};
		case 429:
			return {
				message: 'RemoteIoT rate limited the requests (HTTP 429 Too Many Requests)',
				description: `Still refused after ${info.attempts ?? 1} attempts, honouring Retry-After. Run fewer items at once, or set a lower Max Concurrent Requests in the RemoteIoT API credential.`,
			};
		case 404:
			return {
				message: `RemoteIoT could not find ${target}`,
				description: info.unitId
					? `Check that device ${info.unitId} exists in your RemoteIoT account and that the other identifiers (file, port, chart, custom field) are right.`
					: 'Check the identifiers used by this operation.',
			};
		case 500:
			return {
				message: 'RemoteIoT had an internal error',
				description:
					'RemoteIoT failed to handle the request. It was not retried, because it may already have taken effect. Try again later.',
			};
		case 503:
			return {
				message: 'RemoteIoT is temporarily offline for maintenance',
				description: `Still unavailable after ${info.attempts ?? 1} attempts with back-off. Try again later.`,
			};
		case 502:
		case 504:
			return {
				message: `A proxy or gateway in front of RemoteIoT failed (HTTP ${statusCode}${statusCode === 502 ? ' Bad Gateway' : ' Gateway Timeout'}) at ${info.baseUrl ?? 'the Base URL'}`,
				description: (info.attempts ?? 1) > 1
					? `RemoteIoT itself did not answer "${info.endpoint}"; still failing after ${info.attempts ?? 1} attempts. Check the Base URL of the RemoteIoT API credential and any proxy, or try again later.`
					: `RemoteIoT itself did not answer "${info.endpoint}". It was not retried, because the request changes state and may already have taken effect: check before running it again.`,
			};
		default:
			return {
				message: `RemoteIoT answered HTTP ${statusCode} to "${info.endpoint}"`,
				description: '',
			};
	}
}

/** Errors already made by toNodeApiError (a nested request failed): passed on as they are. */
const ours = new WeakSet<Error>();

/** Turns anything that went wrong with a request into the NodeApiError users see. */
export function toNodeApiError(node: INode, error: unknown, info: RequestInfo): Error {
	const mapped = mapError(node, error, info);
	ours.add(mapped);
	return mapped;
}

function mapError(node: INode, error: unknown, info: RequestInfo): Error {
	if (error instanceof Error && ours.has(error)) return error;
	if (error instanceof NodeOperationError) return error;
	const failure = error instanceof Error ? responseFailures.get(error) : undefined;
	if (failure) {
		if (failure.malformed) {
			return new NodeApiError(node, { endpoint: info.endpoint } as JsonObject, {
				message: `RemoteIoT sent a response to "${info.endpoint}" that could not be read`,
				description: `The body was not valid JSON: ${redact(apiDetail(failure.body)).slice(0, 120)}`,
				httpCode: String(failure.statusCode),
			});
		}
		const { message, description } = statusMessage(failure.statusCode, info);
		const detail = redact(apiDetail(failure.body));
		return new NodeApiError(
			node,
			{ endpoint: info.endpoint, status: failure.statusCode, detail } as JsonObject,
			{
				message,
				description: detail ? `${description} RemoteIoT said: ${detail}`.trim() : description,
				httpCode: String(failure.statusCode),
			},
		);
	}
	const raw = error as { message?: string; code?: string; cause?: { code?: string } };
	const code = raw?.cause?.code ?? raw?.code ?? '';
	const text = redact(String(raw?.message ?? error));
	return new NodeApiError(node, { endpoint: info.endpoint, code } as JsonObject, {
		message: `Could not reach RemoteIoT (${info.endpoint})`,
		description: `${text}${code && !text.includes(code) ? ` (${code})` : ''}. Check the Base URL of the RemoteIoT API credential and the network.`,
	});
}

/** The errors of a connection that broke after the request may have been sent (retried only when read-only). */
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ERR_SOCKET_CONNECTION_TIMEOUT']);

/** Whether an error is a connection that broke (reset, hang-up, time-out), not an answer or a refused connection. */
export function isConnectionReset(error: unknown): boolean {
	const raw = error as { message?: unknown; code?: unknown; cause?: { code?: unknown; message?: unknown } } | null;
	const codes = [raw?.code, raw?.cause?.code].filter((c): c is string => typeof c === 'string');
	if (codes.some((code) => RESET_CODES.has(code))) return true;
	const text = `${String(raw?.message ?? '')} ${String(raw?.cause?.message ?? '')}`;
	return /socket hang up|ECONNRESET|EPIPE/i.test(text);
}

/** The HTTP status behind an error thrown by a request, if there was one. */
export function statusOf(error: unknown): number | undefined {
	const failure = error instanceof Error ? responseFailures.get(error) : undefined;
	return failure && !failure.malformed ? failure.statusCode : undefined;
}

/** Errors that reach n8n are always NodeApiError or NodeOperationError. */
export function asNodeError(node: INode, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error as Error);
}
