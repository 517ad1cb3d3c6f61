import type {
	IDataObject,
	IExecutePaginationFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import { deviceIdLocator, returnAllAndLimit, showFor } from '../../shared/descriptions';
import { readDeviceId } from '../../shared/device';
import type { RequestData } from '../../shared/operation';
import { operationRouting } from '../../shared/operation';

/** An empty Device means every job of the account (UnitId sent empty, as the reference says). */
async function optionalDevice(this: IExecutePaginationFunctions, requestData: RequestData) {
	const body = (requestData.options.body ?? {}) as IDataObject;
	requestData.options.body = { UnitId: await readDeviceId(this, 'deviceId', 'Device', true), ...body };
}

export const getAllOperation: INodePropertyOptions = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many jobs',
	description:
		'List jobs with their Status (Pending or Executed), submit and execution times and Result (the command output), of one device or of all devices',
	routing: operationRouting('listjob', { prepare: [optionalDevice] }),
};

export const getAllFields: INodeProperties[] = [
	deviceIdLocator(showFor('job', ['getAll']), {
		required: false,
		description: 'Only the jobs of this device; leave empty for the jobs of every device',
	}),
	...returnAllAndLimit('job', 'getAll'),
];
