import type {
	IExecutePaginationFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import { deviceIdsField, groupField, optionsCollection, showFor } from '../../shared/descriptions';
import type { RequestData } from '../../shared/operation';
import { operationRouting } from '../../shared/operation';
import { checkAllAnswered, devicesInScope, sendPerBatch } from '../../shared/scope';

const show = showFor('device', ['getStatus']);

/** One status request per 1000 devices, one output item per device. */
async function getStatus(this: IExecutePaginationFunctions, requestData: RequestData) {
	const { ids, explicit } = await devicesInScope(this);
	const items = (await sendPerBatch(this, requestData, ids, (units) => units)).flat();
	if (explicit) checkAllAnswered(this, ids, items, 'status', 'status');
	return items;
}

export const getStatusOperation: INodePropertyOptions = {
	name: 'Get Status',
	value: 'getStatus',
	action: 'Get whether devices are online and when they were last online',
	description: 'Whether devices are online or offline, and when they were last online',
	routing: operationRouting('status', { handler: getStatus }),
};

export const getStatusFields: INodeProperties[] = [
	deviceIdsField(show, {
		description:
			'UnitIds separated by commas, or an expression that returns an array of UnitIds. Leave empty for every device (or every device of the group set in Options). Sent in requests of at most 1000 devices.',
		hint: 'Empty = every device, or every device of the Group option. An expression that gives no device is refused, not read as every device.',
	}),
	{
		...optionsCollection(show),
		options: [
			groupField(undefined, { hint: 'Used when Device IDs is empty: only the devices of this group' }),
		],
	},
];
