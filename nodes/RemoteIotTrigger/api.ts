import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { chunk, toUnitList } from '../RemoteIot/shared/deviceIds';
import { apiRequest, apiRequestList } from '../RemoteIot/shared/transport';
import { splitLines } from './events';

/**
 * The trigger's requests, all through the shared transport (limiter, 403/503 retries, error mapping).
 * Per poll: one device list, status in batches of 1000, listjob (see fetchJobs), one log request per
 * followed device.
 */

/** Job Finished asks `listjob` per device up to this many devices in scope (see fetchJobs). */
export const JOBS_PER_DEVICE_MAX = 10;

/**
 * The devices in scope, in the order RemoteIoT lists them: one `device` request (filtered by `Group`).
 * Anything but a JSON array of device records (an empty body, an object, numbers) is a malformed
 * answer: the poll fails and changes nothing, it never reads as "every device left".
 */
export async function fetchDevicesInScope(
	ctx: IPollFunctions,
	group: string,
	deviceIds: string[],
): Promise<IDataObject[]> {
	const list = await apiRequest(ctx, 'device', { Group: group });
	const malformed = !Array.isArray(list)
		? list === '' || list === undefined || list === null
			? 'an empty body'
			: `a ${typeof list === 'object' ? 'JSON object' : typeof list} instead of a list`
		: list.some((device) => !device || typeof device !== 'object' || Array.isArray(device) || typeof (device as IDataObject).UnitId !== 'string')
			? 'a list with entries that are not device records'
			: '';
	if (malformed) {
		throw new NodeOperationError(ctx.getNode(), `RemoteIoT answered the device list with ${malformed}`, {
			description: 'The poll changed nothing and reports no event; the next poll asks again. If this persists, check the RemoteIoT service status.',
		});
	}
	const wanted = deviceIds.length ? new Set(deviceIds) : undefined;
	const seen = new Set<string>();
	const devices: IDataObject[] = [];
	for (const device of list as IDataObject[]) {
		const id = device.UnitId as string;
		if (!id || seen.has(id) || (wanted && !wanted.has(id))) continue;
		seen.add(id);
		devices.push(device);
	}
	return devices;
}

/** Status records by UnitId: one `status` request per 1000 devices. */
export async function fetchStatuses(ctx: IPollFunctions, ids: string[]): Promise<Map<string, IDataObject>> {
	const batches = await Promise.all(
		chunk(ids).map(async (batch) => await apiRequestList(ctx, 'status', toUnitList(batch))),
	);
	const statuses = new Map<string, IDataObject>();
	for (const record of batches.flat()) {
		if (record && typeof record === 'object' && typeof record.UnitId === 'string') statuses.set(record.UnitId, record);
	}
	return statuses;
}

/**
 * The job records of the devices in scope. The rule: one `listjob` request per device when the scope
 * is narrowed (Group or Device IDs) to at most JOBS_PER_DEVICE_MAX devices, so that a small trigger
 * does not download the whole account's job history at every poll; one request for the whole account
 * otherwise (the scope is the account, or so many devices that one list is cheaper than their requests).
 */
export async function fetchJobs(ctx: IPollFunctions, ids: string[], wholeAccount: boolean): Promise<IDataObject[]> {
	if (!ids.length) return [];
	const inScope = new Set(ids);
	const perDevice = !wholeAccount && ids.length <= JOBS_PER_DEVICE_MAX;
	const lists = perDevice
		? await Promise.all(ids.map(async (id) => await apiRequestList(ctx, 'listjob', { UnitId: id }, { unitId: id })))
		: [await apiRequestList(ctx, 'listjob', { UnitId: '' })];
	return lists.flat().filter((job) => job && typeof job === 'object' && inScope.has(String(job.UnitId)));
}

/**
 * The new lines of one device's log file. Destructive: RemoteIoT hands each line over once, so the
 * caller must deliver what this returns.
 */
export async function readLogLines(
	ctx: IPollFunctions,
	unitId: string,
	file: string,
	deadline?: number,
): Promise<string[]> {
	const entries = await apiRequestList(ctx, 'log', { UnitId: unitId, File: file }, { unitId, deadline });
	const lines: string[] = [];
	for (const entry of entries) {
		const text = entry && typeof entry === 'object' ? entry.Log : undefined;
		if (text === undefined || text === null) continue;
		lines.push(...splitLines(String(text)));
	}
	return lines;
}
