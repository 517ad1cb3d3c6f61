import type { INodeProperties } from 'n8n-workflow';

import { changeGroupFields, changeGroupOperation } from './changeGroup';
import { deleteFields, deleteOperation } from './delete';
import { getAllFields, getAllOperation } from './getAll';
import { getStatusFields, getStatusOperation } from './getStatus';
import { renameFields, renameOperation } from './rename';
import { searchFields, searchOperation } from './search';

export const deviceDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['device'] } },
		options: [
			changeGroupOperation,
			deleteOperation,
			getAllOperation,
			getStatusOperation,
			renameOperation,
			searchOperation,
		],
		default: 'getAll',
	},
	...getAllFields,
	...searchFields,
	...renameFields,
	...getStatusFields,
	...changeGroupFields,
	...deleteFields,
];
