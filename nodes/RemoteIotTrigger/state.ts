import type { IDataObject } from 'n8n-workflow';

/**
 * The trigger's memory, kept in the workflow's static data of the node (`getWorkflowStaticData('node')`).
 *
 * n8n does not write it after every poll (see docs/DEVELOPING.md, "What n8n keeps of a poll trigger's
 * static data"): a poll that returns `null` may lose its changes. So the state is built to make a lost
 * write harmless: what an emitted event needs is identified by the device's own data (an offline
 * episode by its `LastOnlineTime`, a job by its `SubmitTim`), never only by "what we saw last time",
 * and a process-local memo (`memo.ts`) bridges the polls whose state n8n did not write.
 *
 * It stays compact: about 24 bytes per device with the status events at 10,000 devices (32 when every
 * device is offline); Job Finished adds one watermark per device with jobs.
 */

export const STATE_VERSION = 2;

/** A device's acknowledged status: online, offline (`f` + episode), or not known / not tracked. */
export const ONLINE = 'n';
export const OFFLINE = 'f';
export const UNKNOWN = '?';

export interface TriggerState {
	/** Format version. */
	v: number;
	/** Epoch ms at which the poll that produced this state started: the newer of two states wins. */
	at: number;
	/** Event kinds that have a baseline: only these may emit; a kind not listed yet is seeded first. */
	kinds: string[];
	/**
	 * Every device in scope → its acknowledged status: `n` (online), `?` (unknown or not tracked), or
	 * `f` followed by the offline episode: the device's `LastOnlineTime` as a base-36 number ('' when
	 * unreadable). A device that came back online and went offline again has a newer one.
	 */
	d: Record<string, string>;
	/** Flap guard: devices seen offline in this many consecutive polls, not yet reported offline. */
	s: Record<string, number>;
	/** Job Finished: per device, the newest `SubmitTim` of its listed jobs (base 36). */
	jw: Record<string, string>;
	/** Job Finished: keys of the listed jobs that were not `Executed` yet. */
	jp: string[];
	/** The log file followed for `newLogLines` ('' = none). */
	lf: string;
	/** Followed log devices (at most 100) → 1 when their log is baselined, 0 when the baseline read is due. */
	ld: Record<string, 0 | 1>;
}

export function emptyState(at: number): TriggerState {
	return { v: STATE_VERSION, at, kinds: [], d: {}, s: {}, jw: {}, jp: [], lf: '', ld: {} };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

const strings = (value: unknown): string[] =>
	Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

/**
 * Reads a saved state; `undefined` when there is none (first poll after activation), so everything
 * is seeded. A version-1 state (before episodes) is carried over: its offline devices get an unknown
 * episode, which the next poll adopts without an event.
 */
export function readState(data: IDataObject | undefined): TriggerState | undefined {
	if (!data) return undefined;
	if (data.version === 1 && isRecord(data.devices)) return fromVersion1(data);
	if (data.v !== STATE_VERSION || !isRecord(data.d)) return undefined;
	const state = emptyState(typeof data.at === 'number' ? data.at : 0);
	state.kinds = strings(data.kinds);
	for (const [id, status] of Object.entries(data.d)) {
		state.d[id] = typeof status === 'string' && (status === ONLINE || status.startsWith(OFFLINE)) ? status : UNKNOWN;
	}
	if (isRecord(data.s)) {
		for (const [id, count] of Object.entries(data.s)) if (typeof count === 'number' && count > 0) state.s[id] = count;
	}
	if (isRecord(data.jw)) {
		for (const [id, mark] of Object.entries(data.jw)) if (typeof mark === 'string') state.jw[id] = mark;
	}
	state.jp = strings(data.jp);
	state.lf = typeof data.lf === 'string' ? data.lf : '';
	if (isRecord(data.ld)) for (const [id, done] of Object.entries(data.ld)) state.ld[id] = done === 1 ? 1 : 0;
	return state;
}

function fromVersion1(data: IDataObject): TriggerState {
	const state = emptyState(0);
	// Job Finished kept executed-job hashes there, which this version cannot use: it is seeded again.
	state.kinds = strings(data.kinds).filter((kind) => kind !== 'jobFinished');
	for (const [id, status] of Object.entries(data.devices as IDataObject)) {
		state.d[id] = status === ONLINE ? ONLINE : status === OFFLINE ? OFFLINE : UNKNOWN;
	}
	if (isRecord(data.offlineStreak)) {
		for (const [id, count] of Object.entries(data.offlineStreak)) if (typeof count === 'number' && count > 0) state.s[id] = count;
	}
	state.lf = typeof data.logFile === 'string' ? data.logFile : '';
	if (isRecord(data.logDevices)) {
		for (const [id, done] of Object.entries(data.logDevices)) state.ld[id] = done === 1 ? 1 : 0;
	}
	return state;
}

/** Replaces the node's static data with `state` (in place: n8n persists that very object). */
export function writeState(data: IDataObject, state: TriggerState): void {
	for (const key of Object.keys(data)) delete data[key];
	Object.assign(data, state);
}

/**
 * A RemoteIoT time (`20200101 00:00:00`, `2017-01-10 10:02:30.0`) as a base-36 number of its first 14
 * digits (YYYYMMDDhhmmss), which keeps the order; '' when it has fewer digits.
 */
export function timeMark(value: unknown): string {
	const digits = String(value ?? '').replace(/\D/g, '').slice(0, 14);
	return digits.length === 14 ? Number(digits).toString(36) : '';
}

/** Orders two time marks ('' is older than anything). */
export function isNewer(mark: string, than: string): boolean {
	if (!mark) return false;
	if (!than) return true;
	return parseInt(mark, 36) > parseInt(than, 36);
}

/** A 53-bit string hash (cyrb53) in base 36: at most 11 characters. */
export function shortHash(text: string): string {
	let h1 = 0xdeadbeef;
	let h2 = 0x41c6ce57;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		h1 = Math.imul(h1 ^ code, 2654435761);
		h2 = Math.imul(h2 ^ code, 1597334677);
	}
	h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
	h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
	return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** The identity of a job record: `listjob` has no job ID, so UnitId + Name + SubmitTim. */
export function jobKey(job: IDataObject): string {
	return shortHash(`${String(job.UnitId ?? '')}\n${String(job.Name ?? '')}\n${String(job.SubmitTim ?? '')}`);
}
