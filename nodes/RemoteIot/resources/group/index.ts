import type { INodeProperties } from 'n8n-workflow';

import { createFields, createOperation } from './create';

export const groupDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['group'] } },
		options: [createOperation],
		default: 'create',
	},
	...createFields,
];
