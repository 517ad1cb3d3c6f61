import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { getGroups } from './listSearch/getGroups';
import { searchDevices } from './listSearch/searchDevices';
import { deviceDescription } from './resources/device';

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
				options: [{ name: 'Device', value: 'device' }],
				default: 'device',
			},
			...deviceDescription,
		],
	};

	methods = {
		listSearch: { searchDevices },
		loadOptions: { getGroups },
	};
}
