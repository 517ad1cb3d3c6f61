import type {
	IDataObject,
	IExecutePaginationFunctions,
	INodeParameterResourceLocator,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import { deviceIdLocator, returnAllAndLimit, showFor } from '../../shared/descriptions';
import { readDeviceId } from '../../shared/device';
import type { RequestData } from '../../shared/operation';
import { operationRouting } from '../../shared/operation';

/** An empty Device means every job of the account (UnitId sent empty, as the reference says). */
async function optionalDevice(this: IExecutePaginationFunctions, requestData: RequestData) {
	const raw = this.getNodeParameter('deviceId', '', { extractValue: false }) as
		| INodeParameterResourceLocator
		| string
		| null;
	const value = raw && typeof raw === 'object' ? raw.value : raw;
	const body = (requestData.options.body ?? {}) as IDataObject;
	body.UnitId = value === undefined || value === null || String(value).trim() === '' ? '' : await readDeviceId(this);
	requestData.options.body = body;
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
