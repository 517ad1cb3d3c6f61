import type { INodeProperties } from 'n8n-workflow';

import { uploadFields, uploadOperation } from './upload';
import { writeFields, writeOperation } from './write';

export const fileDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['file'] } },
		options: [uploadOperation, writeOperation],
		default: 'upload',
	},
	...writeFields,
	...uploadFields,
];
