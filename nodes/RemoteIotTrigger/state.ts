import type { IDataObject } from 'n8n-workflow';

/**
 * The trigger's memory, kept in the workflow's static data of the node (`getWorkflowStaticData('node')`).
 * n8n keeps it only when a poll returns, so it always describes the last successful poll.
 *
 * It stays compact: one character per device for the status, a short hash per executed job, and at
 * most 100 followed log devices (10,000 devices take about 230 kB).
 */

export const STATE_VERSION = 1;

/** The status of a device as the trigger last acknowledged it. */
export const ONLINE = 'n';
export const OFFLINE = 'f';
/** Not tracked (no status event selected) or not known yet. */
export const UNKNOWN = '?';

export type StatusChar = typeof ONLINE | typeof OFFLINE | typeof UNKNOWN;

export interface ScopeState {
	/** The `group` parameter ('' = every group). */
	group: string;
	/** How many UnitIds the `deviceIds` parameter lists (0 = no filter). */
	ids: number;
	/** Hash of those UnitIds (the list itself may be long). */
	idsHash: string;
}

export interface TriggerState {
	version: number;
	/** The scope parameters of the last successful poll. */
	scope: ScopeState;
	/** Event kinds that have a baseline: only these may emit; a kind not listed yet is seeded first. */
	kinds: string[];
	/** Every device in scope at the last successful poll → its acknowledged status (n, f or ?). */
	devices: Record<string, StatusChar>;
	/** Flap guard: devices seen offline in this many consecutive polls, not yet reported offline. */
	offlineStreak: Record<string, number>;
	/** Hashes of the job records (UnitId + Name + SubmitTim) that were `Executed` at the last poll. */
	jobs: string[];
	/** The log file followed for `newLogLines` ('' = none). */
	logFile: string;
	/** Followed log devices (at most 100) → 1 when their log is baselined, 0 when the baseline read is still due. */
	logDevices: Record<string, 0 | 1>;
}

export function emptyState(scope: ScopeState): TriggerState {
	return {
		version: STATE_VERSION,
		scope,
		kinds: [],
		devices: {},
		offlineStreak: {},
		jobs: [],
		logFile: '',
		logDevices: {},
	};
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads the saved state; `undefined` when there is none (first poll after activation) or when it is
 * not of this version, so everything is seeded afresh.
 */
export function readState(data: IDataObject): TriggerState | undefined {
	if (data.version !== STATE_VERSION || !isRecord(data.devices)) return undefined;
	const devices: Record<string, StatusChar> = {};
	for (const [id, status] of Object.entries(data.devices)) {
		devices[id] = status === ONLINE || status === OFFLINE ? status : UNKNOWN;
	}
	const offlineStreak: Record<string, number> = {};
	if (isRecord(data.offlineStreak)) {
		for (const [id, count] of Object.entries(data.offlineStreak)) {
			if (typeof count === 'number' && count > 0) offlineStreak[id] = count;
		}
	}
	const logDevices: Record<string, 0 | 1> = {};
	if (isRecord(data.logDevices)) {
		for (const [id, done] of Object.entries(data.logDevices)) logDevices[id] = done === 1 ? 1 : 0;
	}
	const scope = isRecord(data.scope) ? data.scope : {};
	return {
		version: STATE_VERSION,
		scope: {
			group: typeof scope.group === 'string' ? scope.group : '',
			ids: typeof scope.ids === 'number' ? scope.ids : 0,
			idsHash: typeof scope.idsHash === 'string' ? scope.idsHash : '',
		},
		kinds: Array.isArray(data.kinds) ? data.kinds.filter((kind): kind is string => typeof kind === 'string') : [],
		devices,
		offlineStreak,
		jobs: Array.isArray(data.jobs) ? data.jobs.filter((key): key is string => typeof key === 'string') : [],
		logFile: typeof data.logFile === 'string' ? data.logFile : '',
		logDevices,
	};
}

/** Replaces the node's static data with `state` (in place: n8n persists that very object). */
export function writeState(data: IDataObject, state: TriggerState): void {
	for (const key of Object.keys(data)) delete data[key];
	Object.assign(data, state);
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

export function scopeOf(group: string, ids: string[]): ScopeState {
	return { group, ids: ids.length, idsHash: ids.length ? shortHash([...ids].sort().join(',')) : '' };
}
