import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/** Shared parameter descriptions. Names and types are fixed by the public contract. */

export function showFor(resource: string, operations: string[]): IDisplayOptions {
	return { show: { resource: [resource], operation: operations } };
}

/** `deviceId`: pick a device from a searchable list, by UnitId, or by its exact name. */
export function deviceIdLocator(
	displayOptions: IDisplayOptions,
	overrides: Partial<INodeProperties> = {},
): INodeProperties {
	return {
		displayName: 'Device',
		name: 'deviceId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description:
			'The device to act on: its UnitId (a short code such as 0000000088888888) or its exact, case-sensitive name',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a device...',
				typeOptions: { searchListMethod: 'searchDevices', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: '0000000088888888',
				hint: 'The UnitId shown in the RemoteIoT portal; a value that is not shaped like a UnitId is looked up as an exact device name',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^\\s*([A-Za-z0-9_:-]{1,64})?\\s*$',
							errorMessage: 'Not a valid UnitId (letters and digits, such as 0000000088888888)',
						},
					},
				],
			},
			{
				displayName: 'By Name',
				name: 'name',
				type: 'string',
				placeholder: 'Raspberry pi 001',
				hint: 'The exact device name; it must match exactly one device',
			},
		],
		routing: { send: { type: 'body', property: 'UnitId' } },
		displayOptions,
		...overrides,
	};
}

/** `deviceIds`: comma-separated UnitIds, or an expression returning an array of them. */
export function deviceIdsField(
	displayOptions: IDisplayOptions,
	overrides: Partial<INodeProperties> = {},
): INodeProperties {
	return {
		displayName: 'Device IDs',
		name: 'deviceIds',
		type: 'string',
		default: '',
		placeholder: '0000000088888881, 0000000088888882',
		description:
			'UnitIds separated by commas (such as 0000000088888881, 0000000088888882), or an expression that returns an array of UnitIds. Lists longer than 1000 are sent in several requests.',
		hint: 'Empty = every device. An expression that gives no device is refused, not read as every device.',
		displayOptions,
		...overrides,
	};
}

/**
 * `group`: a device group's name, as a plain string field (the public contract stores a string). Not an
 * `options` list: n8n's editor does not let the model fill an `options` parameter ($fromAI), and a list
 * could not offer a group that has no device yet.
 */
export function groupField(
	displayOptions: IDisplayOptions | undefined,
	overrides: Partial<INodeProperties> = {},
): INodeProperties {
	return {
		displayName: 'Group',
		name: 'group',
		type: 'string',
		default: '',
		placeholder: 'Production',
		description:
			"The name of a RemoteIoT device group, exactly as the portal shows it (case-sensitive). Device > Get Many shows each device's Group; a group made with Group > Create appears there once a device is in it.",
		...(displayOptions ? { displayOptions } : {}),
		...overrides,
	};
}

/** `returnAll` and `limit` for list operations (RemoteIoT returns whole lists; the limit trims them). */
export function returnAllAndLimit(resource: string, operation: string): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: showFor(resource, [operation]),
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { resource: [resource], operation: [operation], returnAll: [false] } },
			routing: { output: { maxResults: '={{$value}}' } },
		},
	];
}

/** The head of an operation's `options` collection (the options themselves follow it). */
export function optionsCollection(displayOptions?: IDisplayOptions) {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection' as const,
		placeholder: 'Add option',
		default: {},
		...(displayOptions ? { displayOptions } : {}),
	};
}
