import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	INodeExecutionData,
	INodePropertyRouting,
	PostReceiveAction,
} from 'n8n-workflow';

import { NodeOperationError } from 'n8n-workflow';

import { asNodeError, checkAnswer } from './errors';
import { routedRequest } from './transport';

export type RequestData = DeclarativeRestApiSettings.ResultOptions;

/** Checks and completes the request the declarative engine built (resolve names, validate input). */
export type PrepareStep = (
	this: IExecutePaginationFunctions,
	requestData: RequestData,
) => Promise<void>;

/** Sends what one input item asks for and returns its output items (several requests if needed). */
export type OperationHandler = (
	this: IExecutePaginationFunctions,
	requestData: RequestData,
) => Promise<INodeExecutionData[]>;

export interface OperationSpec {
	/** Run in order before anything is sent; any of them may refuse the item with a NodeOperationError. */
	prepare?: PrepareStep[];
	/** Sends the request(s); the default sends the routed request once. */
	handler?: OperationHandler;
	/** Shapes the response after the shared answer check (checkAnswer, by ENDPOINT_ANSWERS). */
	postReceive?: PostReceiveAction[];
}

/**
 * The item a failed input item becomes with On Error set to continue. Its `json` holds only `error`
 * (the message) and `details` (the hint), the keys n8n's "Continue (using error output)" requires
 * (workflow-execute.js routes an item to the error output only when every key is error, message or
 * details), and it points at its input item.
 */
export function failureItem(error: unknown, item: number): INodeExecutionData {
	const json: IDataObject = { error: error instanceof Error ? error.message : String(error) };
	const description = (error as { description?: unknown } | undefined)?.description;
	if (typeof description === 'string' && description) json.details = description;
	return { json, pairedItem: { item } };
}

/**
 * The per-item runner n8n's declarative engine calls (through `requestOperations.pagination`) for
 * every operation of the node: it validates, sends through the shared limiter, and makes sure that
 * every output item, also a continue-on-fail error item, points at the input item it came from.
 * It catches every failure of its item itself (input checks, requests, the answer check, postReceive),
 * so n8n-core's RoutingNode never makes its own unpaired `{ json: {}, error }` item for a failed
 * request. The one failure it cannot catch is one n8n raises while it builds the request from the
 * parameters, before any node code runs (an expression error such as a reference to a missing node).
 */
function runOperation(spec: OperationSpec) {
	return async function (
		this: IExecutePaginationFunctions,
		requestData: RequestData,
	): Promise<INodeExecutionData[]> {
		const item = this.getItemIndex();
		try {
			for (const step of spec.prepare ?? []) await step.call(this, requestData);
			const items = spec.handler
				? await spec.handler.call(this, requestData)
				: await routedRequest(this, requestData);
			return items.map((output) => ({ ...output, pairedItem: { item } }));
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this.getNode(), error);
			return [failureItem(error, item)];
		}
	};
}

/**
 * The `routing` of one operation: the endpoint, the shared error check first, then the operation's
 * own postReceive actions, all sent through the runner above.
 */
export function operationRouting(endpoint: string, spec: OperationSpec = {}): INodePropertyRouting {
	return {
		request: { url: `/${endpoint}` },
		send: { paginate: true },
		operations: { pagination: runOperation(spec) },
		output: { postReceive: [checkAnswer(endpoint), ...(spec.postReceive ?? [])] },
	};
}

/**
 * Handler for endpoints that only answer "HTTP 200": one item `{ success: true }` plus the identifying
 * inputs the request carried (UnitId, Group, Port, …).
 */
export function actionHandler(...echoFields: string[]): OperationHandler {
	return async function (this: IExecutePaginationFunctions, requestData: RequestData) {
		await routedRequest(this, requestData);
		const body = (requestData.options.body ?? {}) as IDataObject;
		const json: IDataObject = { success: true };
		for (const field of echoFields) {
			if (body[field] !== undefined) json[field] = body[field];
		}
		return [{ json }];
	};
}

/**
 * Prepare step: refuses the item when a required body field is empty, naming the parameter. The hint is
 * in the message too: an AI agent's model is handed only the error's message.
 */
export function requireValue(bodyField: string, parameter: string, hint: string): PrepareStep {
	return async function (this: IExecutePaginationFunctions, requestData: RequestData) {
		const body = (requestData.options.body ?? {}) as IDataObject;
		const value = body[bodyField];
		if (value === undefined || value === null || String(value).trim() === '') {
			throw new NodeOperationError(this.getNode(), `The parameter "${parameter}" is empty. ${hint}`, {
				itemIndex: this.getItemIndex(),
				description: hint,
			});
		}
		if (typeof value === 'string') body[bodyField] = value.trim();
	};
}
