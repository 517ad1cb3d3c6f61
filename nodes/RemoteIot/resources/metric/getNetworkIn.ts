import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { historyDescription, historyFields, historySpec } from '../../shared/history';
import type { HistoryEndpoint } from '../../shared/history';
import { operationRouting } from '../../shared/operation';

const endpoint: HistoryEndpoint = {
	resource: 'metric',
	operation: 'getNetworkIn',
	endpoint: 'NetworkIn',
	devices: 'many',
	valueMeaning: 'the traffic received',
};

export const getNetworkInOperation: INodePropertyOptions = {
	name: 'Get Network In',
	value: 'getNetworkIn',
	action: 'Get the incoming network traffic of devices',
	description: historyDescription(endpoint, 'Hourly incoming network traffic of devices'),
	routing: operationRouting('NetworkIn', historySpec(endpoint)),
};

export const getNetworkInFields: INodeProperties[] = historyFields(endpoint);
