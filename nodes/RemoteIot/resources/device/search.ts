import type {
	IDataObject,
	IExecutePaginationFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import { returnAllAndLimit, showFor } from '../../shared/descriptions';
import { operationRouting } from '../../shared/operation';
import type { RequestData } from '../../shared/operation';
import { checkRegex } from '../../shared/regex';

async function checkNamePattern(this: IExecutePaginationFunctions, requestData: RequestData) {
	const body = requestData.options.body as IDataObject;
	body.Name = checkRegex(this.getNode(), body.Name, 'Name', this.getItemIndex());
}

export const searchOperation: INodePropertyOptions = {
	name: 'Search',
	value: 'search',
	action: 'Search devices whose name matches a regular expression',
	description: 'Find devices whose name matches a regular expression',
	routing: operationRouting('GetDevice', { prepare: [checkNamePattern] }),
};

export const searchFields: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: '^Raspberry pi 0[0-9]+$',
		description:
			'A regular expression matched against device names by RemoteIoT (Java syntax, so (?i) makes it case-insensitive)',
		hint: 'The fields of this answer are named as RemoteIoT\'s GetDevice sends them ("External IP", "MAC Address", "Description"…)',
		displayOptions: showFor('device', ['search']),
		routing: { send: { type: 'body', property: 'Name' } },
	},
	...returnAllAndLimit('device', 'search'),
];
