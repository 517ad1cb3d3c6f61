import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { deviceIdLocator, showFor } from '../../shared/descriptions';
import { resolveDeviceId } from '../../shared/device';
import { actionHandler, operationRouting, requireValue } from '../../shared/operation';
import { customFieldName } from './fields';

const show = showFor('customField', ['update']);

export const updateOperation: INodePropertyOptions = {
	name: 'Update',
	value: 'update',
	action: 'Update a custom field of a device',
	description: 'Set the value of a custom field for one device (it replaces the current value)',
	routing: operationRouting('UpdateCustomField', {
		prepare: [
			requireValue('CustomField', 'Custom Field', 'Enter the name of the custom field, for example Custom001.'),
			resolveDeviceId,
		],
		handler: actionHandler('UnitId', 'CustomField', 'Value'),
	}),
};

export const updateFields: INodeProperties[] = [
	deviceIdLocator(show),
	customFieldName(show),
	{
		displayName: 'Value',
		name: 'value',
		type: 'string',
		default: '',
		description: 'The new value of the custom field (empty clears it)',
		displayOptions: show,
		routing: {
			send: { type: 'body', property: 'Value', value: '={{ $value === null || $value === undefined ? "" : String($value) }}' },
		},
	},
];
