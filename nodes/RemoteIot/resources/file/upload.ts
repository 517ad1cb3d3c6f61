import type {
	IDataObject,
	IExecutePaginationFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { executeTimeOption, toRemoteIotTime } from '../../shared/dates';
import { deviceIdsField, groupField, optionsCollection, showFor } from '../../shared/descriptions';
import { readDeviceIds, toUnitList } from '../../shared/deviceIds';
import type { RequestData } from '../../shared/operation';
import { operationRouting } from '../../shared/operation';
import { routedRequest } from '../../shared/transport';

const show = showFor('file', ['upload']);

function fail(ctx: IExecutePaginationFunctions, message: string, description: string): never {
	throw new NodeOperationError(ctx.getNode(), message, { itemIndex: ctx.getItemIndex(), description });
}

/** The Data JSON of FileUpload, with every key the reference shows. */
function uploadData(ctx: IExecutePaginationFunctions): { data: IDataObject; summary: IDataObject } {
	const folder = String(ctx.getNodeParameter('folder', '') ?? '').trim();
	if (!folder) fail(ctx, 'The parameter "Folder" is empty', 'Enter the folder on the devices to put the file in, for example /tmp/.');
	const target = ctx.getNodeParameter('target', 'devices') as string;
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const data: IDataObject = { Folder: folder, IsAll: 'false', Group: '', Unit: [] };
	const summary: IDataObject = { Folder: folder, Target: target };
	if (target === 'all') {
		data.IsAll = 'true';
	} else if (target === 'group') {
		const group = String(ctx.getNodeParameter('group', '') ?? '').trim();
		if (!group) fail(ctx, 'The parameter "Group" is empty: give the name of the device group to upload the file to', 'Group names are case-sensitive; Device > Get Many shows each device\'s Group.');
		data.Group = group;
		summary.Group = group;
	} else {
		const ids = readDeviceIds(ctx.getNode(), ctx.getNodeParameter('deviceIds', ''), { itemIndex: ctx.getItemIndex() });
		if (!ids.length) {
			fail(
				ctx,
				'The parameter "Device IDs" is empty: give the UnitIds of the devices to upload the file to, separated by commas',
				'Or choose another target: a group, or all devices.',
			);
		}
		data.Unit = toUnitList(ids);
		summary.UnitIds = ids;
	}
	const executeTime = toRemoteIotTime(ctx.getNode(), options.executeTime, ctx.getTimezone(), 'Execute Time', ctx.getItemIndex());
	if (executeTime) {
		data.ExecuteTime = executeTime;
		summary.ExecuteTime = executeTime;
	}
	data.PreScript = String(options.preScript ?? '');
	data.AfterScript = String(options.afterScript ?? '');
	return { data, summary };
}

/** A multipart request: the input item's binary file as `File`, the targets as the JSON text `Data`. */
async function upload(this: IExecutePaginationFunctions, requestData: RequestData) {
	const property = String(this.getNodeParameter('binaryPropertyName', 'data') ?? '').trim();
	const item = this.getInputData();
	const binary = property ? item?.binary?.[property] : undefined;
	if (!binary) {
		const available = Object.keys(item?.binary ?? {});
		fail(
			this,
			`The input item has no binary property "${property}" (parameter "Input Binary Field")`,
			available.length
				? `The item's binary properties are: ${available.join(', ')}. Set "Input Binary Field" to one of them.`
				: 'The item carries no file. Read or download the file first (for example with Read/Write Files from Disk or HTTP Request) and name its binary property here.',
		);
	}
	const { data, summary } = uploadData(this);
	const buffer = await this.helpers.getBinaryDataBuffer(property);
	const fileName = binary.fileName || `${property}${binary.fileExtension ? `.${binary.fileExtension}` : ''}`;
	const mimeType = binary.mimeType || 'application/octet-stream';
	const form = new FormData();
	form.append('File', new Blob([new Uint8Array(buffer)], { type: mimeType }), fileName);
	form.append('Data', JSON.stringify(data));
	const headers = { ...((requestData.options.headers ?? {}) as IDataObject) };
	for (const name of Object.keys(headers)) if (name.toLowerCase() === 'content-type') delete headers[name];
	await routedRequest(this, requestData, { body: form, headers, json: false });
	return [{ json: { success: true, Filename: fileName, Size: buffer.length, ...summary } }];
}

export const uploadOperation: INodePropertyOptions = {
	name: 'Upload',
	value: 'upload',
	action: 'Upload a file to devices, a group or every device',
	description:
		'Upload the file of the input item (a binary property) into a folder on chosen devices, a device group or every device, optionally running scripts before and after',
	routing: operationRouting('FileUpload', { handler: upload }),
};

export const uploadFields: INodeProperties[] = [
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		description: 'The name of the input item\'s binary property that holds the file to upload',
		hint: 'The file name and MIME type of that binary property are sent with it',
		displayOptions: show,
	},
	{
		displayName: 'Folder',
		name: 'folder',
		type: 'string',
		required: true,
		default: '',
		placeholder: '/tmp/',
		description: 'The folder on the devices to put the file in',
		displayOptions: show,
	},
	{
		displayName: 'Upload To',
		name: 'target',
		type: 'options',
		options: [
			{ name: 'All Devices', value: 'all', description: 'Every device of the account' },
			{ name: 'Device Group', value: 'group', description: 'Every device of one group' },
			{ name: 'Devices', value: 'devices', description: 'The devices listed in Device IDs' },
		],
		default: 'devices',
		description: 'Which devices receive the file',
		displayOptions: show,
	},
	deviceIdsField(
		{ show: { resource: ['file'], operation: ['upload'], target: ['devices'] } },
		{
			required: true,
			description: 'UnitIds separated by commas, or an expression that returns an array of UnitIds',
			hint: 'At least one device: to send the file to a group or to every device, choose that Target instead',
		},
	),
	groupField({ show: { resource: ['file'], operation: ['upload'], target: ['group'] } }, { required: true }),
	{
		...optionsCollection(show),
		options: [
			{
				displayName: 'After Script',
				name: 'afterScript',
				type: 'string',
				default: '',
				placeholder: 'restart.sh',
				description: 'A script to run on each device after the file is uploaded',
			},
			executeTimeOption('When to upload the file'),
			{
				displayName: 'Pre Script',
				name: 'preScript',
				type: 'string',
				default: '',
				placeholder: 'prepare.sh',
				description: 'A script to run on each device before the file is uploaded',
			},
		],
	},
];
