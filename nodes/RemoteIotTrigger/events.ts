import type { IDataObject } from 'n8n-workflow';

import type { TriggerState } from './state';
import { OFFLINE, ONLINE, UNKNOWN, emptyState, isNewer, jobKey, timeMark } from './state';

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

/** `n` (online), `f` (offline) or `?` from a status record's `Status`. */
export function statusChar(status: unknown): string {
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
 * Compares what the poll fetched with the previous state. Pure: the caller saves `state` only when
 * the poll succeeds. An event kind without a baseline (first poll after activation, newly selected
 * kind, or a changed log file) is seeded and emits nothing.
 *
 * Status: an offline device is acknowledged with its episode (its `LastOnlineTime`). A device seen
 * offline with a newer episode than the acknowledged one came back online and went offline again,
 * even if the poll that saw it online was lost: that is a new Device Offline.
 *
 * Job Finished: per device, the newest `SubmitTim` listed (the watermark) and the keys of the listed
 * jobs not executed yet. A job emits once when it is executed and was pending, or is newer than the
 * watermark. The state holds one watermark per device with jobs plus the pending jobs: it does not
 * grow with the executed history that `listjob` keeps returning.
 */
export function detectChanges(
	previous: TriggerState | undefined,
	settings: TriggerSettings,
	snapshot: Snapshot,
	detectedAt: string,
	at: number,
): Changes {
	const selected = new Set<string>(settings.events);
	const emits = (kind: EventKind) => selected.has(kind) && previous !== undefined && previous.kinds.includes(kind);
	const state = emptyState(at);
	state.kinds = [...selected];

	const before = previous?.d ?? {};
	const known = (id: string) => previous !== undefined && Object.prototype.hasOwnProperty.call(before, id);
	const trackStatus = settings.events.some(isStatusEvent);
	const added: IDataObject[] = [];
	const removed: IDataObject[] = [];
	const statusEvents: IDataObject[] = [];
	const inScope = new Set<string>();

	for (const device of snapshot.devices) {
		const id = String(device.UnitId);
		inScope.add(id);
		if (!known(id) && emits('deviceAdded')) added.push({ event: 'deviceAdded', ...device, UnitId: id, detectedAt });
		if (!trackStatus) {
			state.d[id] = UNKNOWN;
			continue;
		}
		const acknowledged = known(id) ? before[id] : UNKNOWN;
		let status = acknowledged;
		const record = snapshot.statuses?.get(id);
		const seen = statusChar(record?.Status);
		const streak = previous?.s[id] ?? 0;
		if (!record || seen === UNKNOWN) {
			// No (readable) status this time: keep what we knew.
			if (streak) state.s[id] = streak;
		} else if (acknowledged === UNKNOWN) {
			status = seen === OFFLINE ? OFFLINE + timeMark(record.LastOnlineTime) : seen; // seeding this device
		} else if (seen === ONLINE) {
			if (acknowledged !== ONLINE) {
				status = ONLINE;
				if (emits('deviceOnline')) statusEvents.push(statusItem('deviceOnline', device, record, 'Offline', detectedAt));
			}
		} else {
			const episode = timeMark(record.LastOnlineTime);
			const episodeBefore = acknowledged.slice(1);
			if (acknowledged !== ONLINE && (!episodeBefore || !isNewer(episode, episodeBefore))) {
				// The acknowledged offline episode goes on (an unknown episode is adopted without an event).
				if (!episodeBefore && episode) status = OFFLINE + episode;
			} else if (streak + 1 >= settings.offlineAfterPolls) {
				status = OFFLINE + episode;
				if (emits('deviceOffline')) statusEvents.push(statusItem('deviceOffline', device, record, 'Online', detectedAt));
			} else {
				state.s[id] = streak + 1;
			}
		}
		state.d[id] = status;
	}

	if (previous && emits('deviceRemoved')) {
		for (const id of Object.keys(before)) {
			if (!inScope.has(id)) removed.push({ event: 'deviceRemoved', UnitId: id, detectedAt });
		}
	}

	const jobEvents: IDataObject[] = [];
	if (selected.has('jobFinished')) {
		const pendingBefore = new Set(previous?.jp ?? []);
		const watermarks = previous?.jw ?? {};
		const seenKeys = new Set<string>();
		const pending = new Set<string>();
		for (const job of snapshot.jobs ?? []) {
			const unit = String(job.UnitId ?? '');
			if (!inScope.has(unit)) continue;
			const key = jobKey(job);
			if (seenKeys.has(key)) continue;
			seenKeys.add(key);
			const mark = timeMark(job.SubmitTim);
			if (isNewer(mark, state.jw[unit] ?? '')) state.jw[unit] = mark;
			if (String(job.Status ?? '').toLowerCase() !== 'executed') {
				pending.add(key);
				continue;
			}
			// Jobs of a device that just entered the scope are its history: seeded, not emitted.
			const isNew = pendingBefore.has(key) || isNewer(mark, watermarks[unit] ?? '');
			if (emits('jobFinished') && known(unit) && isNew) jobEvents.push({ event: 'jobFinished', ...job, detectedAt });
		}
		// A watermark never goes back (deleted jobs), and stays for devices in scope only.
		for (const [unit, mark] of Object.entries(watermarks)) {
			if (inScope.has(unit) && !isNewer(state.jw[unit] ?? '', mark)) state.jw[unit] = mark;
		}
		state.jp = [...pending];
	}

	const logTargets: LogTarget[] = [];
	if (selected.has('newLogLines')) {
		const baselined = emits('newLogLines') && previous !== undefined && previous.lf === settings.logFile;
		state.lf = settings.logFile;
		for (const device of snapshot.devices) {
			const id = String(device.UnitId);
			// A device that joins an already followed scope is read from its first poll on; on a new
			// baseline (activation, newly selected, other file) every device's backlog is dropped.
			const flag: 0 | 1 = baselined ? (previous.ld[id] ?? 1) : 0;
			state.ld[id] = flag;
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
