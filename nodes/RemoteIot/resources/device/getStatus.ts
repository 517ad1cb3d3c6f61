import type {
	IExecutePaginationFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import { deviceIdsField, groupField, showFor } from '../../shared/descriptions';
import { chunk, parseDeviceIds, toUnitList } from '../../shared/deviceIds';
import { responseError, toNodeApiError } from '../../shared/errors';
import type { RequestData } from '../../shared/operation';
import { operationRouting } from '../../shared/operation';
import { apiRequestList, routedRequest } from '../../shared/transport';

const show = showFor('device', ['getStatus']);

/**
 * The UnitIds an item asks about: its `deviceIds`, or when that is empty every device (of the
 * `group` option if set), from one device-list request.
 */
export async function devicesInScope(
	ctx: IExecutePaginationFunctions,
): Promise<{ ids: string[]; explicit: boolean }> {
	const ids = parseDeviceIds(ctx.getNode(), ctx.getNodeParameter('deviceIds', ''), 'Device IDs', ctx.getItemIndex());
	if (ids.length) return { ids, explicit: true };
	const group = String(ctx.getNodeParameter('options.group', '') ?? '').trim();
	const devices = await apiRequestList(ctx, 'device', { Group: group });
	return { ids: devices.map((device) => String(device.UnitId)), explicit: false };
}

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
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: show,
		options: [
			groupField(undefined, { hint: 'Used when Device IDs is empty: only the devices of this group' }),
		],
	},
];
