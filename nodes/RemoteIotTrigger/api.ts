import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { chunk, toUnitList } from '../RemoteIot/shared/deviceIds';
import { apiRequestList } from '../RemoteIot/shared/transport';
import { splitLines } from './events';

/**
 * The trigger's requests, all through the shared transport (limiter, 403/503 retries, error mapping).
 * Per poll: one device list, status in batches of 1000, one listjob, one log request per followed device.
 */

/** The devices in scope, in the order RemoteIoT lists them: one `device` request (filtered by `Group`). */
export async function fetchDevicesInScope(
	ctx: IPollFunctions,
	group: string,
	deviceIds: string[],
): Promise<IDataObject[]> {
	const list = await apiRequestList(ctx, 'device', { Group: group });
	const wanted = deviceIds.length ? new Set(deviceIds) : undefined;
	const seen = new Set<string>();
	const devices: IDataObject[] = [];
	for (const device of list) {
		if (!device || typeof device !== 'object') continue;
		const id = typeof device.UnitId === 'string' ? device.UnitId : '';
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

/** The job records of the devices in scope: one `listjob` request (all jobs, or the one device's). */
export async function fetchJobs(ctx: IPollFunctions, ids: string[]): Promise<IDataObject[]> {
	if (!ids.length) return [];
	const inScope = new Set(ids);
	const jobs = await apiRequestList(ctx, 'listjob', { UnitId: ids.length === 1 ? ids[0] : '' });
	return jobs.filter((job) => job && typeof job === 'object' && inScope.has(String(job.UnitId)));
}

/**
 * The new lines of one device's log file. Destructive: RemoteIoT hands each line over once, so the
 * caller must deliver what this returns.
 */
export async function readLogLines(ctx: IPollFunctions, unitId: string, file: string): Promise<string[]> {
	const entries = await apiRequestList(ctx, 'log', { UnitId: unitId, File: file }, { unitId });
	const lines: string[] = [];
	for (const entry of entries) {
		const text = entry && typeof entry === 'object' ? entry.Log : undefined;
		if (text === undefined || text === null) continue;
		lines.push(...splitLines(String(text)));
	}
	return lines;
}
