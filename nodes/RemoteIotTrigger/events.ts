import type { IDataObject } from 'n8n-workflow';

import type { ScopeState, StatusChar, TriggerState } from './state';
import { OFFLINE, ONLINE, UNKNOWN, emptyState, jobKey } from './state';

/** The `events` values (fixed by the public contract). */
export const EVENT_KINDS = [
	'deviceOnline',
	'deviceOffline',
	'newLogLines',
	'jobFinished',
	'deviceAdded',
	'deviceRemoved',
] as const;

export type EventKind = (typeof EVENT_KINDS)[number];

/** The log endpoint needs one request per device: log following is limited to this many devices. */
export const MAX_LOG_DEVICES = 100;

export interface TriggerSettings {
	events: EventKind[];
	group: string;
	deviceIds: string[];
	logFile: string;
	offlineAfterPolls: number;
	scope: ScopeState;
}

/** What one poll fetched (everything but the logs). */
export interface Snapshot {
	/** The devices in scope, from one device-list request. */
	devices: IDataObject[];
	/** Status records by UnitId (only when a status event is selected). */
	statuses?: Map<string, IDataObject>;
	/** Job records of the devices in scope (only when `jobFinished` is selected). */
	jobs?: IDataObject[];
}

/** One followed device whose log is read at the end of the poll. */
export interface LogTarget {
	unitId: string;
	name: string;
	/** false while the device's baseline read is due: its lines are the backlog and are dropped. */
	emit: boolean;
}

export interface Changes {
	/** The state to save when the poll succeeds (log baselines are completed by the log reads). */
	state: TriggerState;
	/** The events found (logs excepted), in order: added, removed, status, jobs. */
	items: IDataObject[];
	logTargets: LogTarget[];
}

export const isStatusEvent = (kind: string): boolean => kind === 'deviceOnline' || kind === 'deviceOffline';

export function statusChar(status: unknown): StatusChar {
	const text = typeof status === 'string' ? status.trim().toLowerCase() : '';
	if (text === 'online') return ONLINE;
	if (text === 'offline') return OFFLINE;
	return UNKNOWN;
}

/** Splits a `Log` text into lines (a trailing line break does not make an empty last line). */
export function splitLines(text: string): string[] {
	if (text === '') return [];
	const lines = text.split(/\r\n|\r|\n/);
	if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
	return lines;
}

/**
 * Compares what the poll fetched with the state of the last successful poll. Pure: the caller saves
 * `state` only when the poll returns. An event kind without a baseline (first poll after activation,
 * newly selected kind, or a changed log file) is seeded and emits nothing.
 */
export function detectChanges(
	previous: TriggerState | undefined,
	settings: TriggerSettings,
	snapshot: Snapshot,
	detectedAt: string,
): Changes {
	const selected = new Set<string>(settings.events);
	const emits = (kind: EventKind) => selected.has(kind) && previous !== undefined && previous.kinds.includes(kind);
	const state = emptyState(settings.scope);
	state.kinds = [...selected];

	const before = previous?.devices ?? {};
	const trackStatus = settings.events.some(isStatusEvent);
	const added: IDataObject[] = [];
	const removed: IDataObject[] = [];
	const statusEvents: IDataObject[] = [];
	const inScope = new Set<string>();

	for (const device of snapshot.devices) {
		const id = String(device.UnitId);
		inScope.add(id);
		const known = previous !== undefined && Object.prototype.hasOwnProperty.call(before, id);
		if (!known && emits('deviceAdded')) added.push({ event: 'deviceAdded', ...device, UnitId: id, detectedAt });
		let status: StatusChar = known ? before[id] : UNKNOWN;
		if (!trackStatus) {
			state.devices[id] = UNKNOWN;
			continue;
		}
		const record = snapshot.statuses?.get(id);
		const seen = statusChar(record?.Status);
		const streak = previous?.offlineStreak[id] ?? 0;
		if (seen === UNKNOWN || !record) {
			// No (readable) status this time: keep what we knew.
			if (streak) state.offlineStreak[id] = streak;
		} else if (status === UNKNOWN) {
			status = seen; // seeding this device
		} else if (seen === ONLINE) {
			if (status === OFFLINE) {
				status = ONLINE;
				if (emits('deviceOnline')) statusEvents.push(statusItem('deviceOnline', device, record, 'Offline', detectedAt));
			}
		} else if (status === ONLINE) {
			if (streak + 1 >= settings.offlineAfterPolls) {
				status = OFFLINE;
				if (emits('deviceOffline')) statusEvents.push(statusItem('deviceOffline', device, record, 'Online', detectedAt));
			} else {
				state.offlineStreak[id] = streak + 1;
			}
		}
		state.devices[id] = status;
	}

	if (previous && emits('deviceRemoved')) {
		for (const id of Object.keys(before)) {
			if (!inScope.has(id)) removed.push({ event: 'deviceRemoved', UnitId: id, detectedAt });
		}
	}

	const jobEvents: IDataObject[] = [];
	if (selected.has('jobFinished')) {
		const executedBefore = new Set(previous?.jobs ?? []);
		const executedNow = new Set<string>();
		for (const job of snapshot.jobs ?? []) {
			if (String(job.Status ?? '').toLowerCase() !== 'executed') continue;
			const key = jobKey(job);
			if (executedNow.has(key)) continue;
			executedNow.add(key);
			// Jobs of a device that just entered the scope are its history: seeded, not emitted.
			const deviceKnown = Object.prototype.hasOwnProperty.call(before, String(job.UnitId));
			if (emits('jobFinished') && deviceKnown && !executedBefore.has(key)) {
				jobEvents.push({ event: 'jobFinished', ...job, detectedAt });
			}
		}
		state.jobs = [...executedNow];
	}

	const logTargets: LogTarget[] = [];
	if (selected.has('newLogLines')) {
		const baselined = emits('newLogLines') && previous !== undefined && previous.logFile === settings.logFile;
		state.logFile = settings.logFile;
		for (const device of snapshot.devices) {
			const id = String(device.UnitId);
			// A device that joins an already followed scope is read from its first poll on; on a new
			// baseline (activation, newly selected, other file) every device's backlog is dropped.
			const flag: 0 | 1 = baselined ? (previous.logDevices[id] ?? 1) : 0;
			state.logDevices[id] = flag;
			logTargets.push({ unitId: id, name: String(device.Name ?? ''), emit: flag === 1 });
		}
	}

	return { state, items: [...added, ...removed, ...statusEvents, ...jobEvents], logTargets };
}

function statusItem(
	event: EventKind,
	device: IDataObject,
	record: IDataObject,
	previousStatus: string,
	detectedAt: string,
): IDataObject {
	return {
		event,
		UnitId: String(device.UnitId),
		Name: device.Name ?? '',
		Group: device.Group ?? '',
		Status: record.Status ?? '',
		PreviousStatus: previousStatus,
		LastOnlineTime: record.LastOnlineTime ?? '',
		detectedAt,
	};
}

/** The items of one device's new log lines, one per line, in order. */
export function logItems(target: LogTarget, file: string, lines: string[], detectedAt: string): IDataObject[] {
	return lines.map((Line) => ({
		event: 'newLogLines',
		UnitId: target.unitId,
		Name: target.name,
		File: file,
		Line,
		detectedAt,
	}));
}
