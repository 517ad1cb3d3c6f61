import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	INodeExecutionData,
} from 'n8n-workflow';

import { chunk, readDeviceIds, toUnitList } from './deviceIds';
import { responseError, toNodeApiError } from './errors';
import { oncePerExecution } from './executionCache';
import type { RequestData } from './operation';
import { apiRequestList, routedRequest } from './transport';
import type { RemoteIotContext } from './transport';

/**
 * The UnitIds an item asks about: its `deviceIds`, or when that is empty every device (of the
 * `group` option if the operation has one), from one device-list request per group per execution.
 */
export async function devicesInScope(
	ctx: IExecutePaginationFunctions,
): Promise<{ ids: string[]; explicit: boolean }> {
	const ids = readDeviceIds(ctx.getNode(), ctx.getNodeParameter('deviceIds', ''), { itemIndex: ctx.getItemIndex() });
	if (ids.length) return { ids, explicit: true };
	const group = String(ctx.getNodeParameter('options.group', '') ?? '').trim();
	const devices = await deviceList(ctx, group);
	return { ids: devices.map((device) => String(device.UnitId)), explicit: false };
}

/** The account's device list (of one group, '' = every group): one `device` request per group per execution. */
export async function deviceList(ctx: RemoteIotContext, group: string): Promise<IDataObject[]> {
	return await oncePerExecution(ctx, `device\n${group}`, async () => await apiRequestList(ctx, 'device', { Group: group }));
}

/**
 * For explicitly listed devices: a device RemoteIoT gave no answer for does not exist (any more), which
 * is an error that names it rather than a silently shorter output.
 */
export function checkAllAnswered(
	ctx: IExecutePaginationFunctions,
	ids: string[],
	items: INodeExecutionData[],
	endpoint: string,
	what: string,
): void {
	const answered = new Set(items.map((item) => String(item.json.UnitId)));
	const missing = ids.filter((id) => !answered.has(id));
	if (!missing.length) return;
	throw toNodeApiError(
		ctx.getNode(),
		responseError(ctx.getNode(), 404, { detail: `No ${what} was returned for ${missing.length} device(s).` }),
		{ endpoint, unitId: missing.slice(0, 5).join(', ') + (missing.length > 5 ? ', …' : '') },
	);
}

/**
 * Sends the routed request once per 1000 devices (RemoteIoT's cap), with the body `bodyFor` builds from
 * each batch's `[{ UnitId }]` list, through the shared limiter; returns each batch's items, in order.
 */
export async function sendPerBatch(
	ctx: IExecutePaginationFunctions,
	requestData: RequestData,
	ids: string[],
	bodyFor: (units: Array<{ UnitId: string }>) => IDataObject | IDataObject[],
	changes: Partial<DeclarativeRestApiSettings.HttpRequestOptions> = {},
): Promise<INodeExecutionData[][]> {
	return await Promise.all(
		chunk(ids).map(
			async (batch) => await routedRequest(ctx, requestData, { ...changes, body: bodyFor(toUnitList(batch)) }),
		),
	);
}
