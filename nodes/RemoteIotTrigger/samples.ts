import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { fetchJobs, fetchStatuses } from './api';
import type { TriggerSettings } from './events';
import { isStatusEvent, statusChar } from './events';
import { OFFLINE, ONLINE } from './state';

const EXAMPLE_DEVICE: IDataObject = {
	UnitId: '0000000088888888',
	Name: 'Raspberry pi 001',
	Group: 'Group01',
};

/** How many devices' status a test event looks at (one request). */
const SAMPLE_STATUS_DEVICES = 100;

/**
 * "Fetch Test Event": one sample item per selected event, built from the current device list (and
 * status and job list when those events are selected). Read-only: never calls the destructive `log`
 * endpoint and never touches the trigger's saved state. Every item has `sample: true`.
 */
export async function sampleEvents(
	ctx: IPollFunctions,
	settings: TriggerSettings,
	devices: IDataObject[],
): Promise<IDataObject[]> {
	const detectedAt = new Date().toISOString();
	const first = devices[0] ?? EXAMPLE_DEVICE;
	const idOf = (device: IDataObject) => String(device.UnitId);

	let online: { device: IDataObject; record?: IDataObject } = { device: first };
	let offline: { device: IDataObject; record?: IDataObject } = { device: first };
	if (settings.events.some(isStatusEvent) && devices.length) {
		const looked = devices.slice(0, SAMPLE_STATUS_DEVICES);
		const statuses = await fetchStatuses(ctx, looked.map(idOf));
		for (const device of looked) {
			const record = statuses.get(idOf(device));
			const status = statusChar(record?.Status);
			if (status === ONLINE && !online.record) online = { device, record };
			if (status === OFFLINE && !offline.record) offline = { device, record };
		}
	}

	let job: IDataObject | undefined;
	if (settings.events.includes('jobFinished') && devices.length) {
		const jobs = await fetchJobs(ctx, devices.map(idOf), true);
		job = [...jobs].reverse().find((record) => String(record.Status).toLowerCase() === 'executed');
	}

	const statusSample = (event: string, pick: { device: IDataObject; record?: IDataObject }) => ({
		event,
		UnitId: idOf(pick.device),
		Name: pick.device.Name ?? '',
		Group: pick.device.Group ?? '',
		Status: event === 'deviceOnline' ? 'Online' : 'Offline',
		PreviousStatus: event === 'deviceOnline' ? 'Offline' : 'Online',
		LastOnlineTime: pick.record?.LastOnlineTime ?? '',
		detectedAt,
		sample: true,
	});

	return settings.events.map((event): IDataObject => {
		switch (event) {
			case 'deviceOnline':
				return statusSample(event, online);
			case 'deviceOffline':
				return statusSample(event, offline);
			case 'newLogLines':
				return {
					event,
					UnitId: idOf(first),
					Name: first.Name ?? '',
					File: settings.logFile,
					Line: `[${new Date().toUTCString()}] sample log line (test events do not read the log, which would consume its lines)`,
					detectedAt,
					sample: true,
				};
			case 'jobFinished':
				return {
					event,
					...(job ?? {
						Name: 'Job1',
						UnitId: idOf(first),
						Status: 'Executed',
						SubmitTim: '2017-01-10 10:02:30.0',
						ExecuteTim: '2017-01-10 10:02:30.0',
						Script: '',
						Command: 'ls',
						Result: '',
					}),
					detectedAt,
					sample: true,
				};
			case 'deviceRemoved':
				return { event, UnitId: idOf(first), detectedAt, sample: true };
			default:
				return { event, ...first, UnitId: idOf(first), detectedAt, sample: true };
		}
	});
}
