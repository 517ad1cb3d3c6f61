import type { INodeProperties } from 'n8n-workflow';

import { getAllFields, getAllOperation } from './getAll';
import { getHistoryFields, getHistoryOperation } from './getHistory';
import { getHistoryMultiFields, getHistoryMultiOperation } from './getHistoryMulti';
import { rotateIdsFields, rotateIdsOperation } from './rotateIds';

export const chartDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['chart'] } },
		options: [getHistoryOperation, getHistoryMultiOperation, getAllOperation, rotateIdsOperation],
		default: 'getAll',
	},
	...getAllFields,
	...rotateIdsFields,
	...getHistoryFields,
	...getHistoryMultiFields,
];
