import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { returnAllAndLimit } from '../../shared/descriptions';
import { operationRouting } from '../../shared/operation';

export const getAllOperation: INodePropertyOptions = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many connections',
	description: 'List the currently open remote connections (tunnels) with their device, local port, host and port',
	routing: operationRouting('ListConnection'),
};

export const getAllFields: INodeProperties[] = [...returnAllAndLimit('connection', 'getAll')];
