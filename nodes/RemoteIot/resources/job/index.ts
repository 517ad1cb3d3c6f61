import type { INodeProperties } from 'n8n-workflow';

import { createFields, createOperation } from './create';
import { deleteAllFields, deleteAllOperation } from './deleteAll';
import { getAllFields, getAllOperation } from './getAll';

export const jobDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['job'] } },
		options: [createOperation, deleteAllOperation, getAllOperation],
		default: 'create',
	},
	...createFields,
	...getAllFields,
	...deleteAllFields,
];
