import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { deviceIdLocator, returnAllAndLimit, showFor } from '../../shared/descriptions';
import { resolveOptionalDeviceId } from '../../shared/device';
import { operationRouting } from '../../shared/operation';

export const getAllOperation: INodePropertyOptions = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many jobs',
	description:
		'List jobs with their Status (Pending or Executed), submit and execution times and Result (the command output), of one device or of all devices',
	// An empty Device means every job of the account (UnitId sent empty, as the reference says).
	routing: operationRouting('listjob', { prepare: [resolveOptionalDeviceId] }),
};

export const getAllFields: INodeProperties[] = [
	deviceIdLocator(showFor('job', ['getAll']), {
		required: false,
		description: 'Only the jobs of this device; leave empty for the jobs of every device',
	}),
	...returnAllAndLimit('job', 'getAll'),
];
