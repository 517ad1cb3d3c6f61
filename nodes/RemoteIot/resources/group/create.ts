import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { showFor } from '../../shared/descriptions';
import { actionHandler, operationRouting, requireValue } from '../../shared/operation';

export const createOperation: INodePropertyOptions = {
	name: 'Create',
	value: 'create',
	action: 'Create a device group',
	description: 'Create a new, empty device group; move devices into it with Device > Change Group',
	routing: operationRouting('AddGroup', {
		prepare: [requireValue('Group', 'Name', 'Enter the name of the new group.')],
		handler: actionHandler('Group'),
	}),
};

export const createFields: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Group01',
		description: 'The name of the new device group',
		displayOptions: showFor('group', ['create']),
		routing: { send: { type: 'body', property: 'Group' } },
	},
];
