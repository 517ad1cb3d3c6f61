import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { historyDescription, historyFields, historySpec } from '../../shared/history';
import type { HistoryEndpoint } from '../../shared/history';
import { operationRouting } from '../../shared/operation';

const endpoint: HistoryEndpoint = {
	resource: 'metric',
	operation: 'getNetworkOut',
	endpoint: 'NetworkOut',
	devices: 'many',
	valueMeaning: 'the traffic sent',
};

export const getNetworkOutOperation: INodePropertyOptions = {
	name: 'Get Network Out',
	value: 'getNetworkOut',
	action: 'Get the outgoing network traffic of devices',
	description: historyDescription(endpoint, 'Hourly outgoing network traffic of devices'),
	routing: operationRouting('NetworkOut', historySpec(endpoint)),
};

export const getNetworkOutFields: INodeProperties[] = historyFields(endpoint);
