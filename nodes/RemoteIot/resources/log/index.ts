import type { INodeProperties } from 'n8n-workflow';

import { getNewFields, getNewOperation } from './getNew';

export const logDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['log'] } },
		options: [getNewOperation],
		default: 'getNew',
	},
	...getNewFields,
];
