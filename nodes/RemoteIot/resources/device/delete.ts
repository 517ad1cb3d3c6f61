import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { deviceIdLocator, showFor } from '../../shared/descriptions';
import { resolveDeviceId } from '../../shared/device';
import { actionHandler, operationRouting } from '../../shared/operation';

export const deleteOperation: INodePropertyOptions = {
	name: 'Delete',
	value: 'delete',
	action: 'Delete a device (destructive: removes it from the account for good)',
	description:
		'Permanently remove a device from the RemoteIoT account (destructive: the device must be registered again to come back)',
	routing: operationRouting('DeleteDevice', {
		prepare: [resolveDeviceId],
		handler: actionHandler('UnitId'),
	}),
};


export const deleteFields: INodeProperties[] = [deviceIdLocator(showFor('device', ['delete']))];
