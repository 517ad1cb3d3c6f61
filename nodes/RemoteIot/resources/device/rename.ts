import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { deviceIdLocator, showFor } from '../../shared/descriptions';
import { resolveDeviceId } from '../../shared/device';
import { actionHandler, operationRouting, requireValue } from '../../shared/operation';

const show = showFor('device', ['rename']);

export const renameOperation: INodePropertyOptions = {
	name: 'Rename',
	value: 'rename',
	action: 'Rename a device and optionally change its description',
	description: 'Give a device a new name and, optionally, a new description',
	routing: operationRouting('rename', {
		prepare: [
			resolveDeviceId,
			requireValue('Name', 'New Name', 'Enter the new name of the device.'),
		],
		handler: actionHandler('UnitId', 'Name', 'Description'),
	}),
};

export const renameFields: INodeProperties[] = [
	deviceIdLocator(show),
	{
		displayName: 'New Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Raspberry pi 001',
		description: 'The new name of the device',
		displayOptions: show,
		routing: { send: { type: 'body', property: 'Name' } },
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		default: '',
		description: 'The new description of the device. Leave empty to keep the current one (it is then not sent).',
		displayOptions: show,
		routing: {
			send: { type: 'body', property: 'Description', value: '={{ $value === "" ? undefined : $value }}' },
		},
	},
];
