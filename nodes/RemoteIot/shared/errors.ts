import type {
	IDataObject,
	IExecuteSingleFunctions,
	IN8nHttpFullResponse,
	INode,
	INodeExecutionData,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from './constants';

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
	/** For a 200 answer of the wrong shape: what was expected, what came, and which Base URL answered. */
	unexpected?: UnexpectedAnswer;
}

/**
 * What a RemoteIoT endpoint answers: a JSON array of objects, one JSON object, a CSV text, or an empty
 * body ("HTTP 200" only, for the endpoints that change something).
 */
export type Answer = 'list' | 'object' | 'csv' | 'empty';

/**
 * Every endpoint's answer, declared once: the routed requests (checkAnswer, the first postReceive of
 * every operation) and our own helper requests (apiRequest) check the body against it before any item
 * is made. Anything else (an HTML page with HTTP 200, a wrong JSON type, null entries, a truncated
 * body) is an error that says what came back and which Base URL was asked.
 */
export const ENDPOINT_ANSWERS: Readonly<Record<string, Answer>> = {
	device: 'list',
	GetDevice: 'list',
	status: 'list',
	ListConnection: 'list',
	log: 'list',
	CustomField: 'list',
	listjob: 'list',
	ListChart: 'list',
	connect: 'object',
	GetSpeedTestResult: 'object',
	ChartHistory: 'csv',
	ChartHistoryMulti: 'csv',
	DeviceUptime: 'csv',
	NetworkUptime: 'csv',
	NetworkIn: 'csv',
	NetworkOut: 'csv',
	rename: 'empty',
	ChangeGroup: 'empty',
	DeleteDevice: 'empty',
	AddGroup: 'empty',
	DeleteConnection: 'empty',
	UpdateCustomField: 'empty',
	SubmitSpeedTest: 'empty',
	submitjob: 'empty',
	DeleteJob: 'empty',
	UpdateFile: 'empty',
	FileUpload: 'empty',
	UpdateChartId: 'empty',
};

const EXPECTED: Record<Answer, string> = {
	list: 'a JSON list of records',
	object: 'a JSON object',
	csv: 'CSV text',
	empty: 'an empty answer',
};

interface UnexpectedAnswer {
	expected: Answer;
	got: string;
	excerpt: string;
	baseUrl: string;
}

/** Where a response came from, for the answer check. */
export interface AnswerSource {
	endpoint: string;
	baseUrl?: string;
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
	{
		retryAfterMs,
		malformed = false,
		unexpected,
	}: { retryAfterMs?: number; malformed?: boolean; unexpected?: UnexpectedAnswer } = {},
): NodeApiError {
	const error = new NodeApiError(node, { statusCode } as JsonObject, {
		message: malformed ? 'RemoteIoT sent a response that could not be read' : `RemoteIoT answered HTTP ${statusCode}`,
		httpCode: String(statusCode),
	});
	responseFailures.set(error, { statusCode, body, retryAfterMs, malformed: malformed || !!unexpected, unexpected });
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

/** The Base URL as it may be shown: without user name or password. */
export function shownBaseUrl(url: string | undefined): string {
	return redact(String(url ?? '').replace(/\/\/[^/@\s]*@/, '//')).replace(/\/+$/, '') || '(unknown)';
}

/** The start of an HTML or XML page (a proxy's error page, a captive portal, a wrong Base URL). */
const HTML_START = /^<(!doctype|html|head|body|\?xml|[a-z]+[\s>])/i;

function excerptOf(body: unknown): string {
	const text = typeof body === 'string' ? body : JSON.stringify(body) ?? String(body);
	const flat = redact(text.replace(/\s+/g, ' ').trim());
	return flat.length > 100 ? `${flat.slice(0, 100)}…` : flat;
}

/** What an answer is, in words ("an HTML page", "a JSON object", …); '' when it is what `expected` says. */
function misfit(data: unknown, raw: unknown, expected: Answer, contentType: string): string {
	const text = typeof raw === 'string' ? raw.trim() : '';
	// A JSON body labelled text/html (some servers do) is still JSON: only text is taken for a page.
	const html = HTML_START.test(text) || (contentType.includes('html') && typeof data === 'string' && data !== '');
	if (expected === 'empty') return html ? 'an HTML page' : '';
	if (data === '') return expected === 'csv' ? '' : 'an empty body';
	if (html) return 'an HTML page';
	if (expected === 'csv') {
		return typeof data === 'string' ? '' : Array.isArray(data) ? 'a JSON list' : 'a JSON object';
	}
	if (typeof data === 'string') return 'text that is not JSON';
	if (expected === 'object') {
		if (data === null) return 'JSON null';
		return Array.isArray(data) ? 'a JSON list' : typeof data === 'object' ? '' : `a JSON ${typeof data}`;
	}
	if (!Array.isArray(data)) return data === null ? 'JSON null' : typeof data === 'object' ? 'a JSON object' : `a JSON ${typeof data}`;
	const bad = data.findIndex((entry) => !entry || typeof entry !== 'object' || Array.isArray(entry));
	if (bad < 0) return '';
	const entry: unknown = data[bad];
	return `a JSON list whose entry ${bad + 1} is ${entry === null ? 'null' : Array.isArray(entry) ? 'a list' : `a ${typeof entry}`}`;
}

/**
 * Checks a raw HTTP response and returns its data: a JSON array or object, a CSV text, or '' for
 * the endpoints that only answer "HTTP 200". Throws a raw `responseError` for error statuses, for
 * bodies that cannot be read and (given the endpoint) for answers of another shape than
 * ENDPOINT_ANSWERS declares; the transport retries it or words it with `toNodeApiError`.
 */
export function readResponse(node: INode, response: IN8nHttpFullResponse, source?: AnswerSource): unknown {
	const { statusCode, body } = response;
	if (statusCode >= 400) {
		const retryAfter = Number(header(response, 'retry-after'));
		throw responseError(node, statusCode, body, {
			retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
		});
	}
	const data = parseBody(node, response, source);
	const expected = source ? ENDPOINT_ANSWERS[source.endpoint] : undefined;
	if (expected) {
		const raw = Buffer.isBuffer(body) ? body.toString('utf8') : body;
		const got = misfit(data, raw, expected, header(response, 'content-type'));
		if (got) {
			throw responseError(node, statusCode, raw, {
				unexpected: { expected, got, excerpt: excerptOf(raw), baseUrl: shownBaseUrl(source?.baseUrl) },
			});
		}
	}
	return data;
}

function parseBody(node: INode, response: IN8nHttpFullResponse, source?: AnswerSource): unknown {
	const { statusCode } = response;
	const body: unknown = Buffer.isBuffer(response.body) ? response.body.toString('utf8') : response.body;
	if (typeof body !== 'string') return body ?? '';
	if (body.trim() === '') return '';
	if (isCsvResponse(response)) return body;
	if (looksLikeJson(body) || header(response, 'content-type').includes('json')) {
		try {
			return JSON.parse(body) as unknown;
		} catch {
			const expected = source ? ENDPOINT_ANSWERS[source.endpoint] : undefined;
			throw responseError(node, statusCode, body, {
				malformed: true,
				unexpected: expected
					? {
							expected,
							got: HTML_START.test(body.trim()) ? 'an HTML page' : 'a JSON body that is cut off or broken',
							excerpt: excerptOf(body),
							baseUrl: shownBaseUrl(source?.baseUrl),
						}
					: undefined,
			});
		}
	}
	return body;
}

/**
 * The first postReceive of every operation: errors out (status, shape), or turns the body into items.
 * Empty bodies (action endpoints) and CSV texts become one placeholder item that the operation's own
 * handler or postReceive shapes.
 */
export function checkAnswer(endpoint: string) {
	return async function (
		this: IExecuteSingleFunctions,
		_items: INodeExecutionData[],
		response: IN8nHttpFullResponse,
	): Promise<INodeExecutionData[]> {
		let data: unknown;
		try {
			data = readResponse(this.getNode(), response, { endpoint });
		} catch (error) {
			// The Base URL is read only for a wrong answer: reading credentials for every response costs.
			const unexpected = error instanceof Error ? responseFailures.get(error)?.unexpected : undefined;
			if (unexpected) {
				const credentials = await this.getCredentials<{ baseUrl?: string }>(CREDENTIAL_TYPE);
				unexpected.baseUrl = shownBaseUrl(credentials?.baseUrl);
			}
			throw asNodeError(this.getNode(), error);
		}
		if (Array.isArray(data)) return data.map((json) => ({ json: json as IDataObject }));
		if (data && typeof data === 'object') return [{ json: data as IDataObject }];
		return [{ json: {} }];
	};
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
				message: info.unitId
					? `RemoteIoT could not find ${target} (or the file, port, chart or field asked for): check the UnitId; Device > Get Many lists the devices`
					: `RemoteIoT could not find ${target}`,
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
		if (failure.unexpected) {
			const { expected, got, excerpt, baseUrl } = failure.unexpected;
			return new NodeApiError(node, { endpoint: info.endpoint } as JsonObject, {
				message: `RemoteIoT's answer to "${info.endpoint}" is not usable: expected ${EXPECTED[expected]}, got ${got} (Base URL ${baseUrl})`,
				description: `${excerpt ? `It began: ${excerpt}. ` : ''}No items were made from it. If the Base URL of the RemoteIoT API credential is wrong, or a proxy or captive portal answered instead of RemoteIoT, fix that; otherwise try again later.`,
				httpCode: String(failure.statusCode),
			});
		}
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
