import type { INodeProperties } from 'n8n-workflow';

import { getDeviceUptimeFields, getDeviceUptimeOperation } from './getDeviceUptime';
import { getNetworkInFields, getNetworkInOperation } from './getNetworkIn';
import { getNetworkOutFields, getNetworkOutOperation } from './getNetworkOut';
import { getNetworkUptimeFields, getNetworkUptimeOperation } from './getNetworkUptime';

export const metricDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['metric'] } },
		options: [
			getDeviceUptimeOperation,
			getNetworkInOperation,
			getNetworkOutOperation,
			getNetworkUptimeOperation,
		],
		default: 'getDeviceUptime',
	},
	...getDeviceUptimeFields,
	...getNetworkUptimeFields,
	...getNetworkInFields,
	...getNetworkOutFields,
];
