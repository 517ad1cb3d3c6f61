import type { INodeProperties } from 'n8n-workflow';

import { createFields, createOperation } from './create';
import { deleteFields, deleteOperation } from './delete';
import { getAllFields, getAllOperation } from './getAll';

export const connectionDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['connection'] } },
		options: [createOperation, deleteOperation, getAllOperation],
		default: 'create',
	},
	...createFields,
	...getAllFields,
	...deleteFields,
];
