import type {
	IExecutePaginationFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import { deviceIdsField, groupField, optionsCollection, showFor } from '../../shared/descriptions';
import { chunk, toUnitList } from '../../shared/deviceIds';
import { responseError, toNodeApiError } from '../../shared/errors';
import type { RequestData } from '../../shared/operation';
import { operationRouting } from '../../shared/operation';
import { devicesInScope } from '../../shared/scope';
import { routedRequest } from '../../shared/transport';

const show = showFor('device', ['getStatus']);

/** One status request per 1000 devices, one output item per device. */
async function getStatus(this: IExecutePaginationFunctions, requestData: RequestData) {
	const { ids, explicit } = await devicesInScope(this);
	const batches = await Promise.all(
		chunk(ids).map(async (batch) => await routedRequest(this, requestData, { body: toUnitList(batch) })),
	);
	const items = batches.flat();
	if (explicit) {
		const answered = new Set(items.map((item) => String(item.json.UnitId)));
		const missing = ids.filter((id) => !answered.has(id));
		if (missing.length) {
			throw toNodeApiError(
				this.getNode(),
				responseError(this.getNode(), 404, {
					detail: `No status was returned for ${missing.length} device(s).`,
				}),
				{ endpoint: 'status', unitId: missing.slice(0, 5).join(', ') + (missing.length > 5 ? ', …' : '') },
			);
		}
	}
	return items;
}

export const getStatusOperation: INodePropertyOptions = {
	name: 'Get Status',
	value: 'getStatus',
	action: 'Get the status of devices',
	description: 'Whether devices are online or offline, and when they were last online',
	routing: operationRouting('status', { handler: getStatus }),
};

export const getStatusFields: INodeProperties[] = [
	deviceIdsField(show, {
		description:
			'UnitIds separated by commas, or an expression that returns an array of UnitIds. Leave empty for every device (or every device of the group set in Options). Sent in requests of at most 1000 devices.',
	}),
	{
		...optionsCollection(show),
		options: [
			groupField(undefined, { hint: 'Used when Device IDs is empty: only the devices of this group' }),
		],
	},
];
