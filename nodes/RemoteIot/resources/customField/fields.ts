import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/** `customField`: the custom field's name, sent as `CustomField`. */
export function customFieldName(displayOptions: IDisplayOptions): INodeProperties {
	return {
		displayName: 'Custom Field',
		name: 'customField',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Custom001',
		description: 'The name of the custom field as defined in the RemoteIoT portal',
		displayOptions,
		routing: { send: { type: 'body', property: 'CustomField' } },
	};
}
