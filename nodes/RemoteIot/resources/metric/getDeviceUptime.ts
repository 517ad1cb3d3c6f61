import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { historyDescription, historyFields, historySpec } from '../../shared/history';
import type { HistoryEndpoint } from '../../shared/history';
import { operationRouting } from '../../shared/operation';

const endpoint: HistoryEndpoint = {
	resource: 'metric',
	operation: 'getDeviceUptime',
	endpoint: 'DeviceUptime',
	devices: 'many',
	valueMeaning: 'the percentage of the hour the device was online',
};

export const getDeviceUptimeOperation: INodePropertyOptions = {
	name: 'Get Device Uptime',
	value: 'getDeviceUptime',
	action: 'Get the uptime of devices',
	description: historyDescription(endpoint, 'Hourly uptime of devices'),
	routing: operationRouting('DeviceUptime', historySpec(endpoint)),
};

export const getDeviceUptimeFields: INodeProperties[] = historyFields(endpoint);
