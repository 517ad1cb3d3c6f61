import type {
	IDataObject,
	IDisplayOptions,
	IExecutePaginationFunctions,
	INodeParameterResourceLocator,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { oncePerExecution } from './executionCache';
import type { PrepareStep, RequestData } from './operation';
import { apiRequestList } from './transport';
import type { RemoteIotContext } from './transport';

/**
 * `chartId`: a cloud chart picked from a searchable list (stored by chart name), by ID, or by name.
 * List and name picks are resolved through ListChart at run time, so they survive "Rotate IDs".
 */
export function chartIdLocator(displayOptions: IDisplayOptions): INodeProperties {
	return {
		displayName: 'Chart',
		name: 'chartId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description:
			'The cloud chart. Picked from the list or by name, the chart is looked up by its name on every run, so the workflow keeps working after the chart IDs are rotated.',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a chart...',
				typeOptions: { searchListMethod: 'searchCharts', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: '12345678901234567890123456789012',
				hint: 'The current ChartId; it stops working when the chart IDs are rotated',
			},
			{
				displayName: 'By Name',
				name: 'name',
				type: 'string',
				placeholder: 'CPU Temperature',
				hint: 'The exact chart name; it must match exactly one chart',
			},
		],
		displayOptions,
	};
}

/**
 * The ChartId of the one chart with exactly this name (ListChart, read once per execution); none or
 * several is an error saying so.
 */
export async function chartIdByName(ctx: RemoteIotContext, name: string, itemIndex?: number): Promise<string> {
	const wanted = name.trim();
	if (!wanted) {
		throw new NodeOperationError(ctx.getNode(), 'The parameter "Chart" is empty', {
			itemIndex,
			description: 'Pick a chart from the list, or enter its exact name or its ChartId.',
		});
	}
	// One ListChart per execution answers every chart name of every item.
	const charts = await oncePerExecution(ctx, 'ListChart', async () => await apiRequestList(ctx, 'ListChart'));
	const matches = charts.filter((chart) => chart.Name === wanted);
	if (matches.length === 1) return String(matches[0].ChartId);
	if (matches.length === 0) {
		const names = charts.map((chart) => `"${String(chart.Name)}"`).slice(0, 20).join(', ');
		throw new NodeOperationError(ctx.getNode(), `No chart is named "${wanted}"`, {
			itemIndex,
			description: `The charts of this RemoteIoT account are: ${names || '(none)'}. Chart names are case-sensitive.`,
		});
	}
	throw new NodeOperationError(ctx.getNode(), `${matches.length} charts are named "${wanted}"`, {
		itemIndex,
		description: '"Chart" must identify one chart. Pick the chart by ID instead (IDs change when they are rotated).',
	});
}

/** Reads the `chartId` locator (or a plain ChartId from an expression or an AI tool) as a ChartId. */
export async function readChartId(ctx: IExecutePaginationFunctions): Promise<string> {
	const itemIndex = ctx.getItemIndex();
	const raw = ctx.getNodeParameter('chartId', '', { extractValue: false }) as
		| INodeParameterResourceLocator
		| string;
	if (raw && typeof raw === 'object') {
		const value = String(raw.value ?? '').trim();
		if (raw.mode === 'list' || raw.mode === 'name') return await chartIdByName(ctx, value, itemIndex);
		if (value) return value;
	} else if (typeof raw === 'string' && raw.trim()) {
		return raw.trim();
	}
	throw new NodeOperationError(ctx.getNode(), 'The parameter "Chart" is empty', {
		itemIndex,
		description: 'Pick a chart from the list, or enter its exact name or its ChartId.',
	});
}

/** Prepare step: puts the resolved ChartId into the request body. */
export const resolveChartId: PrepareStep = async function (
	this: IExecutePaginationFunctions,
	requestData: RequestData,
) {
	const body = (requestData.options.body ?? {}) as IDataObject;
	body.ChartId = await readChartId(this);
	requestData.options.body = body;
};
