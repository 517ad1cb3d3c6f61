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
import { mergeSameFields } from './shared/descriptions';

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

/** Each operation declares its own fields; fields shared by several operations become one property. */
const properties: INodeProperties[] = mergeSameFields([
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
	...resources,
]);

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
		// No baseURL here: routedRequest sets it from the account (read once per execution). An expression
		// here would be evaluated twice per item by n8n's declarative engine (request, then domain check).
		requestDefaults: {
			method: 'POST',
			headers: { Accept: 'application/json' },
			ignoreHttpStatusErrors: true,
		},
		properties,
	};

	methods = {
		listSearch: { searchCharts, searchDevices },
	};
}
