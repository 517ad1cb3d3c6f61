import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { historyDescription, historyFields, historySpec } from '../../shared/history';
import type { HistoryEndpoint } from '../../shared/history';
import { operationRouting } from '../../shared/operation';

const endpoint: HistoryEndpoint = {
	resource: 'chart',
	operation: 'getHistoryMulti',
	endpoint: 'ChartHistoryMulti',
	chart: true,
	devices: 'many',
	valueMeaning: 'the chart value',
};

export const getHistoryMultiOperation: INodePropertyOptions = {
	name: 'Get History for Devices',
	value: 'getHistoryMulti',
	action: 'Get the history of a chart for several devices',
	description: historyDescription(endpoint, 'The recent data of a cloud chart for several devices'),
	routing: operationRouting('ChartHistoryMulti', historySpec(endpoint)),
};

export const getHistoryMultiFields: INodeProperties[] = historyFields(endpoint);
