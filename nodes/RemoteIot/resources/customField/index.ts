import type { INodeProperties } from 'n8n-workflow';

import { getFields, getOperation } from './get';
import { updateFields, updateOperation } from './update';

export const customFieldDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['customField'] } },
		options: [getOperation, updateOperation],
		default: 'get',
	},
	...getFields,
	...updateFields,
];
