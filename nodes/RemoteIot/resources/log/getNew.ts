import type {
	IDataObject,
	IExecutePaginationFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import { deviceIdLocator, showFor } from '../../shared/descriptions';
import { resolveDeviceId } from '../../shared/device';
import type { RequestData } from '../../shared/operation';
import { operationRouting, requireValue } from '../../shared/operation';
import { routedRequest } from '../../shared/transport';

const show = showFor('log', ['getNew']);

/** RemoteIoT's `Log` texts split into one item per line: { UnitId, File, Line }. Blank lines are dropped. */
async function getNewLines(this: IExecutePaginationFunctions, requestData: RequestData) {
	const answers = await routedRequest(this, requestData);
	const body = requestData.options.body as IDataObject;
	const items: INodeExecutionData[] = [];
	for (const answer of answers) {
		const text = answer.json.Log;
		if (typeof text !== 'string') continue;
		for (const line of text.split(/\r\n|\r|\n/)) {
			if (line.trim() === '') continue;
			items.push({ json: { UnitId: body.UnitId, File: body.File, Line: line } });
		}
	}
	return items;
}

export const getNewOperation: INodePropertyOptions = {
	name: 'Get New Lines',
	value: 'getNew',
	action: 'Get new lines of a device log (consuming: reading them uses them up, a later read will not return them again)',
	description:
		'Get the lines added to a log file of a device since the last call: one item per line, none when nothing is new',
	routing: operationRouting('log', {
		prepare: [resolveDeviceId, requireValue('File', 'Log File', 'Enter the name of the log file, for example System error.')],
		handler: getNewLines,
	}),
};

export const getNewFields: INodeProperties[] = [
	deviceIdLocator(show),
	{
		displayName: 'Log File',
		name: 'file',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'System error',
		description: 'The name of the log file as the RemoteIoT portal shows it',
		hint: 'RemoteIoT returns each line only once: a later call (from this or any other workflow) will not return it again',
		displayOptions: show,
		routing: { send: { type: 'body', property: 'File' } },
	},
];
