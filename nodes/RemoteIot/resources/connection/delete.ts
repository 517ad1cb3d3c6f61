import type {
	IDataObject,
	IExecutePaginationFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import { deviceIdLocator, showFor } from '../../shared/descriptions';
import { resolveDeviceId } from '../../shared/device';
import type { RequestData } from '../../shared/operation';
import { actionHandler, operationRouting } from '../../shared/operation';
import { PORT_RANGE, readNumber } from '../../shared/numbers';

const show = showFor('connection', ['delete']);

/** Port goes out as a string ("18000"), as the reference shows it. */
async function checkPort(this: IExecutePaginationFunctions, requestData: RequestData) {
	const body = (requestData.options.body ?? {}) as IDataObject;
	const port = readNumber(
		this.getNode(),
		body.Port,
		{
			parameter: 'Port',
			...PORT_RANGE,
			hint: 'Use the remote Port of the connection, as Connection > Get Many or Create returns it.',
		},
		this.getItemIndex(),
	);
	body.Port = String(port);
	requestData.options.body = body;
}

export const deleteOperation: INodePropertyOptions = {
	name: 'Delete',
	value: 'delete',
	action: 'Delete a remote connection (destructive: closes the tunnel for everyone using it)',
	description:
		'Close a remote connection (tunnel) of a device for good (destructive: whoever uses it is cut off and its port is released)',
	routing: operationRouting('DeleteConnection', {
		prepare: [resolveDeviceId, checkPort],
		handler: actionHandler('UnitId', 'Port'),
	}),
};

export const deleteFields: INodeProperties[] = [
	deviceIdLocator(show),
	{
		displayName: 'Port',
		name: 'port',
		type: 'number',
		required: true,
		// No port is a safe default for a destructive operation: empty until the user (or the model) sets it.
		default: null,
		typeOptions: { minValue: 1, maxValue: 65535, numberPrecision: 0 },
		placeholder: '23401',
		description: 'The remote port of the connection (the Port field of Connection > Create or Get Many)',
		displayOptions: show,
		routing: { send: { type: 'body', property: 'Port' } },
	},
];
