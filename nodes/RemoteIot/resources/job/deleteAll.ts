import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { deviceIdLocator, showFor } from '../../shared/descriptions';
import { resolveDeviceId } from '../../shared/device';
import { actionHandler, operationRouting } from '../../shared/operation';

export const deleteAllOperation: INodePropertyOptions = {
	name: 'Delete All',
	value: 'deleteAll',
	action: 'Delete all jobs of a device (destructive: every job of that device, pending or done)',
	description:
		'Delete every job of a device, pending and executed, with their results (destructive: RemoteIoT jobs have no ID, so single jobs cannot be deleted)',
	routing: operationRouting('DeleteJob', { prepare: [resolveDeviceId], handler: actionHandler('UnitId') }),
};


export const deleteAllFields: INodeProperties[] = [deviceIdLocator(showFor('job', ['deleteAll']))];
