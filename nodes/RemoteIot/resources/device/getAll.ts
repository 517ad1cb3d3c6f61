import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { groupField, returnAllAndLimit, showFor } from '../../shared/descriptions';
import { operationRouting } from '../../shared/operation';

export const getAllOperation: INodePropertyOptions = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many devices',
	description: 'List the registered devices, optionally of one group',
	routing: operationRouting('device'),
};

export const getAllFields: INodeProperties[] = [
	groupField(showFor('device', ['getAll']), {
		hint: 'Only devices of this group; leave empty for every device',
		routing: { send: { type: 'body', property: 'Group' } },
	}),
	...returnAllAndLimit('device', 'getAll'),
];
