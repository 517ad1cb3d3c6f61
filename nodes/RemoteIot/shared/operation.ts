import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	INodeExecutionData,
	INodePropertyRouting,
	PostReceiveAction,
} from 'n8n-workflow';

import { NodeOperationError } from 'n8n-workflow';

import { asNodeError, checkResponse } from './errors';
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
	/** Shapes the response after the shared error check (checkResponse). */
	postReceive?: PostReceiveAction[];
}

/**
 * The per-item runner n8n's declarative engine calls (through `requestOperations.pagination`) for
 * every operation of the node: it validates, sends through the shared limiter, and makes sure that
 * every output item, also a continue-on-fail error item, points at the input item it came from.
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
			const failure: IDataObject = { error: (error as Error).message };
			const description = (error as { description?: unknown }).description;
			if (typeof description === 'string' && description) failure.description = description;
			return [{ json: failure, pairedItem: { item } }];
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
		output: { postReceive: [checkResponse, ...(spec.postReceive ?? [])] },
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

/** Prepare step: refuses the item when a required body field is empty, naming the parameter. */
export function requireValue(bodyField: string, parameter: string, hint: string): PrepareStep {
	return async function (this: IExecutePaginationFunctions, requestData: RequestData) {
		const body = (requestData.options.body ?? {}) as IDataObject;
		const value = body[bodyField];
		if (value === undefined || value === null || String(value).trim() === '') {
			throw new NodeOperationError(this.getNode(), `The parameter "${parameter}" is empty`, {
				itemIndex: this.getItemIndex(),
				description: hint,
			});
		}
		if (typeof value === 'string') body[bodyField] = value.trim();
	};
}
