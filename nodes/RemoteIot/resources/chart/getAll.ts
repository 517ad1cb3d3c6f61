import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { returnAllAndLimit } from '../../shared/descriptions';
import { operationRouting } from '../../shared/operation';

export const getAllOperation: INodePropertyOptions = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many charts',
	description: 'List the cloud charts of the account with their Name and current ChartId',
	routing: operationRouting('ListChart'),
};

export const getAllFields: INodeProperties[] = [...returnAllAndLimit('chart', 'getAll')];
