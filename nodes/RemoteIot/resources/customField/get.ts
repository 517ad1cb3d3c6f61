import type {
	IExecutePaginationFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import { deviceIdsField, showFor } from '../../shared/descriptions';
import type { RequestData } from '../../shared/operation';
import { operationRouting, requireValue } from '../../shared/operation';
import { checkAllAnswered, devicesInScope, sendPerBatch } from '../../shared/scope';
import { customFieldName } from './fields';

const show = showFor('customField', ['get']);

/** One CustomField request per 1000 devices, one output item per device. */
async function getCustomField(this: IExecutePaginationFunctions, requestData: RequestData) {
	const { ids, explicit } = await devicesInScope(this);
	const body = requestData.options.body as { CustomField: string };
	const batches = await sendPerBatch(this, requestData, ids, (Unit) => ({ CustomField: body.CustomField, Unit }));
	const items = batches.flat();
	if (explicit) checkAllAnswered(this, ids, items, 'CustomField', 'custom field value');
	return items;
}

export const getOperation: INodePropertyOptions = {
	name: 'Get',
	value: 'get',
	action: 'Get a custom field of devices',
	description: 'Read the value of a custom field for devices: one item per device with UnitId and Custom (the value)',
	routing: operationRouting('CustomField', {
		prepare: [requireValue('CustomField', 'Custom Field', 'Enter the name of the custom field, for example Custom001.')],
		handler: getCustomField,
	}),
};

export const getFields: INodeProperties[] = [
	customFieldName(show),
	deviceIdsField(show, {
		description:
			'UnitIds separated by commas, or an expression that returns an array of UnitIds. Leave empty for every device of the account. Sent in requests of at most 1000 devices.',
	}),
];
