import type { INodeProperties, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { searchCharts } from './listSearch/searchCharts';
import { searchDevices } from './listSearch/searchDevices';
import { chartDescription } from './resources/chart';
import { connectionDescription } from './resources/connection';
import { customFieldDescription } from './resources/customField';
import { deviceDescription } from './resources/device';
import { fileDescription } from './resources/file';
import { groupDescription } from './resources/group';
import { jobDescription } from './resources/job';
import { logDescription } from './resources/log';
import { metricDescription } from './resources/metric';
import { speedTestDescription } from './resources/speedTest';
import { deviceIdLocator } from './shared/descriptions';

/**
 * The operations that act on one device. They share one `deviceId` parameter: n8n's declarative
 * engine evaluates the saved value of every property of the node for every item (twice), so one
 * property instead of one per operation halves the per-item cost of an expression such as
 * {{ $json.UnitId }}. (Job → Get Many has its own, optional, `deviceId`.)
 */
export const ONE_DEVICE_OPERATIONS: Record<string, string[]> = {
	chart: ['getHistory'],
	connection: ['create', 'delete'],
	customField: ['update'],
	device: ['changeGroup', 'delete', 'rename'],
	file: ['write'],
	job: ['create', 'deleteAll'],
	log: ['getNew'],
	speedTest: ['getResult', 'submit'],
};

const resources: INodeProperties[] = [
	...deviceDescription,
	...groupDescription,
	...connectionDescription,
	...logDescription,
	...customFieldDescription,
	...speedTestDescription,
	...jobDescription,
	...fileDescription,
	...chartDescription,
	...metricDescription,
];

const deviceId = deviceIdLocator({
	show: {
		resource: Object.keys(ONE_DEVICE_OPERATIONS),
		operation: [...new Set(Object.values(ONE_DEVICE_OPERATIONS).flat())],
	},
});

export class RemoteIot implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'RemoteIoT',
		name: 'remoteIot',
		icon: { light: 'file:../../icons/remoteiot.svg', dark: 'file:../../icons/remoteiot.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Manage RemoteIoT devices: status, groups, SSH tunnels, jobs, files, logs, charts and metrics',
		defaults: { name: 'RemoteIoT' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'remoteIotApi', required: true }],
		requestDefaults: {
			baseURL: '={{$credentials.baseUrl.replace(new RegExp("/+$"), "")}}',
			method: 'POST',
			headers: { Accept: 'application/json' },
			ignoreHttpStatusErrors: true,
		},
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Chart', value: 'chart' },
					{ name: 'Connection', value: 'connection' },
					{ name: 'Custom Field', value: 'customField' },
					{ name: 'Device', value: 'device' },
					{ name: 'File', value: 'file' },
					{ name: 'Group', value: 'group' },
					{ name: 'Job', value: 'job' },
					{ name: 'Log', value: 'log' },
					{ name: 'Metric', value: 'metric' },
					{ name: 'Speed Test', value: 'speedTest' },
				],
				default: 'device',
			},
			// The operation selectors, then the shared device, then each operation's own fields.
			...resources.filter((property) => property.name === 'operation'),
			deviceId,
			...resources.filter((property) => property.name !== 'operation'),
		],
	};

	methods = {
		listSearch: { searchCharts, searchDevices },
	};
}
