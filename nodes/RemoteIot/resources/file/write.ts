import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { executeTimeOption, readExecuteTime } from '../../shared/dates';
import { deviceIdLocator, optionsCollection, showFor } from '../../shared/descriptions';
import { resolveDeviceId } from '../../shared/device';
import { actionHandler, operationRouting, requireValue } from '../../shared/operation';

const show = showFor('file', ['write']);

export const writeOperation: INodePropertyOptions = {
	name: 'Write',
	value: 'write',
	action: 'Write a text file on a device, replacing its content',
	description:
		'Replace the content of a file on a device with a text (creates it if needed), now or at a set time; runs as a job named Job Name',
	routing: operationRouting('UpdateFile', {
		prepare: [
			resolveDeviceId,
			requireValue('JobName', 'Job Name', 'Enter a name for the job that writes the file.'),
			requireValue('Filename', 'File Path', 'Enter the full path of the file on the device, for example /tmp/test.sh.'),
			readExecuteTime,
		],
		handler: actionHandler('UnitId', 'JobName', 'Filename', 'ExecuteTime'),
	}),
};

export const writeFields: INodeProperties[] = [
	deviceIdLocator(show),
	{
		displayName: 'Job Name',
		name: 'jobName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Update config',
		description: 'A name for the job that writes the file, shown in the job list',
		displayOptions: show,
		routing: { send: { type: 'body', property: 'JobName' } },
	},
	{
		displayName: 'File Path',
		name: 'filePath',
		type: 'string',
		required: true,
		default: '',
		placeholder: '/tmp/test.sh',
		description: 'The full path of the file on the device; its content is replaced',
		displayOptions: show,
		routing: { send: { type: 'body', property: 'Filename' } },
	},
	{
		displayName: 'Content',
		name: 'content',
		type: 'string',
		typeOptions: { rows: 5 },
		default: '',
		description: 'The new text content of the file',
		displayOptions: show,
		routing: { send: { type: 'body', property: 'Content' } },
	},
	{
		...optionsCollection(show),
		options: [executeTimeOption('When to write the file')],
	},
];
