import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { deviceIdLocator, groupField, showFor } from '../../shared/descriptions';
import { resolveDeviceId } from '../../shared/device';
import { actionHandler, operationRouting, requireValue } from '../../shared/operation';

const show = showFor('device', ['changeGroup']);

export const changeGroupOperation: INodePropertyOptions = {
	name: 'Change Group',
	value: 'changeGroup',
	action: 'Move a device to another group, given by name',
	description: 'Move a device to another device group',
	routing: operationRouting('ChangeGroup', {
		prepare: [
			resolveDeviceId,
			requireValue('Group', 'Group', 'Give the name of the group to move the device to (case-sensitive).'),
		],
		handler: actionHandler('UnitId', 'Group'),
	}),
};

export const changeGroupFields: INodeProperties[] = [
	deviceIdLocator(show),
	groupField(show, {
		required: true,
		routing: { send: { type: 'body', property: 'Group' } },
	}),
];
