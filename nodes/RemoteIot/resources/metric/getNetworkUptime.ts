import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { historyDescription, historyFields, historySpec } from '../../shared/history';
import type { HistoryEndpoint } from '../../shared/history';
import { operationRouting } from '../../shared/operation';

const endpoint: HistoryEndpoint = {
	resource: 'metric',
	operation: 'getNetworkUptime',
	endpoint: 'NetworkUptime',
	devices: 'many',
	valueMeaning: 'the percentage of the hour the network was up',
};

export const getNetworkUptimeOperation: INodePropertyOptions = {
	name: 'Get Network Uptime',
	value: 'getNetworkUptime',
	action: 'Get the network uptime of devices',
	description: historyDescription(endpoint, 'Hourly network uptime of devices'),
	routing: operationRouting('NetworkUptime', historySpec(endpoint)),
};

export const getNetworkUptimeFields: INodeProperties[] = historyFields(endpoint);
