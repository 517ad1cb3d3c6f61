import type {
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { chartIdLocator, resolveChartId } from './chart';
import { CsvError, csvToObjects, mergeCsv, parseCsv, toCsv } from './csv';
import type { CsvTable } from './csv';
import { deviceIdLocator, deviceIdsField, optionsCollection, showFor } from './descriptions';
import { readDeviceIds } from './deviceIds';
import { asNodeError } from './errors';
import { resolveDeviceId } from './device';
import { HOURS_RANGE, readNumber } from './numbers';
import type { OperationSpec, PrepareStep, RequestData } from './operation';
import { devicesInScope, sendPerBatch } from './scope';
import { routedRequest } from './transport';

/**
 * The six endpoints that answer CSV history (ChartHistory, ChartHistoryMulti, DeviceUptime,
 * NetworkUptime, NetworkIn, NetworkOut) share one description builder and one handler: one item per
 * row with `Value` as a number, or the CSV as one binary file.
 */
export interface HistoryEndpoint {
	resource: string;
	operation: string;
	endpoint: string;
	/** Has a `chartId` parameter. */
	chart?: boolean;
	/** `deviceId` (one device, UnitId in the body) or `deviceIds` (a Unit list, 1000 per request). */
	devices: 'one' | 'many';
	/** What the rows' Value means, for the descriptions. */
	valueMeaning: string;
}

/** Prepare step: `hours` must be a whole number of hours, at most a year (Hour is sent as a number). */
export const checkHours: PrepareStep = async function (
	this: IExecutePaginationFunctions,
	requestData: RequestData,
) {
	const body = (requestData.options.body ?? {}) as IDataObject;
	const raw = body.Hour ?? this.getNodeParameter('hours', undefined);
	body.Hour = readNumber(
		this.getNode(),
		raw,
		{ parameter: 'Hours', ...HOURS_RANGE, hint: 'Enter how many hours of history to return, for example 24.' },
		this.getItemIndex(),
	);
	requestData.options.body = body;
};

/** Prepare step: refuses Device IDs that are malformed, or given by an expression that gives none. */
const checkDeviceIds: PrepareStep = async function (this: IExecutePaginationFunctions) {
	readDeviceIds(this.getNode(), this.getNodeParameter('deviceIds', ''), { itemIndex: this.getItemIndex() });
};

/** postReceive of the CSV endpoints: keeps the body text for the handler, which parses and merges it. */
export async function keepCsvText(
	this: IExecuteSingleFunctions,
	_items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	const body: unknown = response.body;
	const text = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : JSON.stringify(body ?? '');
	return [{ json: { csv: text } }];
}

function csvFailure(ctx: IExecutePaginationFunctions, endpoint: string, error: CsvError): NodeApiError {
	return new NodeApiError(ctx.getNode(), { endpoint } as JsonObject, {
		message: `RemoteIoT sent a CSV answer to "${endpoint}" that could not be read`,
		description: `The CSV is malformed: ${error.message}. No rows were output. Try again later; if it persists, contact RemoteIoT support.`,
		httpCode: '200',
	});
}

function historyHandler(spec: HistoryEndpoint) {
	return async function (this: IExecutePaginationFunctions, requestData: RequestData) {
		const body = (requestData.options.body ?? {}) as IDataObject;
		const asText = { encoding: 'text', json: false } as const;
		const answers =
			spec.devices === 'many'
				? await sendPerBatch(this, requestData, (await devicesInScope(this)).ids, (Unit) => ({ ...body, Unit }), asText)
				: [await routedRequest(this, requestData, asText)];
		let table: CsvTable;
		let rows: Array<Record<string, string | number | null>>;
		try {
			table = mergeCsv(answers.map((items) => parseCsv(String(items[0]?.json.csv ?? ''))));
			rows = csvToObjects(table);
		} catch (error) {
			if (error instanceof CsvError) throw csvFailure(this, spec.endpoint, error);
			throw asNodeError(this.getNode(), error);
		}
		const returnCsv = this.getNodeParameter('options.returnCsv', false) as boolean;
		if (!returnCsv) return rows.map((json) => ({ json: json as IDataObject }));
		if (!table.header.length) return [];
		const fileName = `${spec.endpoint}.csv`;
		const field = String(this.getNodeParameter('options.binaryPropertyName', 'data') ?? '').trim() || 'data';
		const binary = await this.helpers.prepareBinaryData(Buffer.from(toCsv(table), 'utf8'), fileName, 'text/csv');
		return [{ json: { fileName, rows: rows.length }, binary: { [field]: binary } }];
	};
}

/** The routing spec of one CSV endpoint (used with operationRouting). */
export function historySpec(spec: HistoryEndpoint): OperationSpec {
	const prepare: PrepareStep[] = [];
	// Device IDs first: an expression that gives no device is refused before the chart look-up is sent.
	if (spec.devices === 'many') prepare.push(checkDeviceIds);
	if (spec.chart) prepare.push(resolveChartId);
	if (spec.devices === 'one') prepare.push(resolveDeviceId);
	prepare.push(checkHours);
	return { prepare, handler: historyHandler(spec), postReceive: [keepCsvText] };
}

/** The parameters of one CSV endpoint: chart, device(s), hours, and the output option. */
export function historyFields(spec: HistoryEndpoint): INodeProperties[] {
	const show = showFor(spec.resource, [spec.operation]);
	const fields: INodeProperties[] = [];
	if (spec.devices === 'one') fields.push(deviceIdLocator(show));
	if (spec.chart) fields.push(chartIdLocator(show));
	if (spec.devices === 'many') {
		fields.push(
			deviceIdsField(show, {
				description:
					'UnitIds separated by commas, or an expression that returns an array of UnitIds. Leave empty for every device of the account. More than 1000 devices are sent in several requests and merged.',
			}),
		);
	}
	fields.push(
		{
			displayName: 'Hours',
			name: 'hours',
			type: 'number',
			required: true,
			default: 24,
			typeOptions: { minValue: 1, numberPrecision: 0 },
			description: 'How many hours of history to return, counting back from now (a positive whole number)',
			displayOptions: show,
			routing: { send: { type: 'body', property: 'Hour' } },
		},
		{
			...optionsCollection(show),
			options: [
				{
					displayName: 'Output as CSV File',
					name: 'returnCsv',
					type: 'boolean',
					default: true,
					description: `Whether to output RemoteIoT's CSV as one binary file (${spec.endpoint}.csv) instead of one item per row`,
				},
				{
					displayName: 'Put Output File in Field',
					name: 'binaryPropertyName',
					type: 'string',
					default: 'data',
					hint: 'The name of the output binary field to put the CSV file in',
					displayOptions: { show: { returnCsv: [true] } },
				},
			],
		},
	);
	return fields;
}

/** The operation description sentence shared by the CSV endpoints. */
export function historyDescription(spec: HistoryEndpoint, what: string): string {
	return `${what}: one item per data point with ${spec.devices === 'many' ? 'UnitId, ' : ''}Timestamp and Value (${spec.valueMeaning}), or the CSV file`;
}
