import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { historyDescription, historyFields, historySpec } from '../../shared/history';
import type { HistoryEndpoint } from '../../shared/history';
import { operationRouting } from '../../shared/operation';

const endpoint: HistoryEndpoint = {
	resource: 'chart',
	operation: 'getHistory',
	endpoint: 'ChartHistory',
	chart: true,
	devices: 'one',
	valueMeaning: 'the chart value, every 5 minutes',
};

export const getHistoryOperation: INodePropertyOptions = {
	name: 'Get History',
	value: 'getHistory',
	action: 'Get the history of a chart for a device',
	description: historyDescription(endpoint, 'The recent data of a cloud chart for one device'),
	routing: operationRouting('ChartHistory', historySpec(endpoint)),
};

export const getHistoryFields: INodeProperties[] = historyFields(endpoint);
