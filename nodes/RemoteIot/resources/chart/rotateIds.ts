import type { IExecutePaginationFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { RequestData } from '../../shared/operation';
import { operationRouting } from '../../shared/operation';
import { apiRequestList, routedRequest } from '../../shared/transport';

/** UpdateChartId answers only HTTP 200: the new IDs come from ListChart right after it. */
async function rotateIds(this: IExecutePaginationFunctions, requestData: RequestData) {
	await routedRequest(this, requestData);
	const charts = await apiRequestList(this, 'ListChart');
	return charts.map((json) => ({ json }));
}

export const rotateIdsOperation: INodePropertyOptions = {
	name: 'Rotate IDs',
	value: 'rotateIds',
	action: 'Rotate chart IDs: give every chart a new ID (destructive: old chart IDs and chart links stop working)',
	description:
		'Replace the ID of every cloud chart with a new one and output the new chart list (destructive: the old chart IDs, and chart links or embeds that use them, stop working)',
	routing: operationRouting('UpdateChartId', { handler: rotateIds }),
};

export const rotateIdsFields: INodeProperties[] = [];
