import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

/** Placeholder: the polling trigger is being built (issue: RemoteIoT Trigger). */
export class RemoteIotTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'RemoteIoT Trigger',
		name: 'remoteIotTrigger',
		icon: { light: 'file:../../icons/remoteiot.svg', dark: 'file:../../icons/remoteiot.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow when RemoteIoT devices change',
		defaults: { name: 'RemoteIoT Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'remoteIotApi', required: true }],
		properties: [
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: [
					{ name: 'Device Online', value: 'deviceOnline' },
					{ name: 'Device Offline', value: 'deviceOffline' },
				],
				default: ['deviceOffline'],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return null;
	}
}
