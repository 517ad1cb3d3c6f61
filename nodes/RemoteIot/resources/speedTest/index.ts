import type { INodeProperties } from 'n8n-workflow';

import { getResultFields, getResultOperation } from './getResult';
import { submitFields, submitOperation } from './submit';

export const speedTestDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['speedTest'] } },
		options: [getResultOperation, submitOperation],
		default: 'submit',
	},
	...submitFields,
	...getResultFields,
];
