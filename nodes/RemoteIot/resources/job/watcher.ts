import type { IDataObject, IExecutePaginationFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { sharedPerExecution } from '../../shared/executionCache';
import { apiRequestList } from '../../shared/transport';
import type { RemoteIotContext } from '../../shared/transport';
import { Watcher } from '../../shared/waitFor';
import type { PollResult } from '../../shared/waitFor';

/**
 * Which jobs one listjob round reads: per device when at most this many devices are involved (as many
 * requests as devices, each answer small), otherwise one request for the whole account (`UnitId: ""`),
 * whose answer lists every job. Requests are what RemoteIoT rate-limits, so from 3 devices on, one
 * larger answer is cheaper than several small ones.
 */
export const PER_DEVICE_MAX = 2;

/** How long the first item that needs a "before" snapshot waits for the others of its execution to join it. */
const GATHER_MS = 20;

/** listjob gives jobs no ID: a job is told apart by everything that does not change once submitted. */
const identityOf = (job: IDataObject) =>
	[job.UnitId, job.Name, job.SubmitTim, job.Command, job.Script].map((field) => String(field ?? '')).join('\n');

/** Plain code-unit order: `YYYY-MM-DD HH:mm:ss.0` timestamps sort as text, with no locale rules. */
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Jobs per device (or the whole account under ''), or the error reading them gave. */
type JobLists = Map<string, IDataObject[] | Error>;

interface Snapshot {
	/** Later snapshots know more jobs: their items are matched first. */
	seq: number;
	lists: JobLists;
}

export interface WaitingJob {
	unitId: string;
	jobName: string;
	command: string;
	script: string;
	/** How many jobs of each identity (of this device and name) existed before the submit. */
	before: Map<string, number>;
	snapshotSeq: number;
	submitSeq: number;
	/** The job this item found: its identity and which of the jobs with that identity it is. */
	claim?: { identity: string; ordinal: number };
}

function jobsOf(lists: JobLists, unitId: string): IDataObject[] | Error {
	const list = lists.get(unitId) ?? lists.get('');
	if (list === undefined) return new Error(`No job list was read for device ${unitId}`);
	return list instanceof Error ? list : list.filter((job) => String(job.UnitId) === unitId);
}

/**
 * Every item of one execution (and account, and node) that waits for its job is served by this one
 * watcher: one "before" listjob for the items submitting at the same time, then one listjob per
 * round for all waiting items (per device when only PER_DEVICE_MAX devices wait). A job is an item's
 * when it has the item's device and job name and is not among the jobs that existed before the item's
 * submit (counted per identity, so two items submitting the same job to the same device each find
 * their own). SubmitTim is never compared with the local clock: the API gives it no time zone.
 */
export class JobWatcher {
	private readonly watcher: Watcher<WaitingJob, IDataObject>;

	private gathering?: { units: Set<string>; snapshot: Promise<Snapshot> };

	private readonly inFlight: Array<{ covers: (unitId: string) => boolean; snapshot: Promise<Snapshot> }> = [];

	private snapshots = 0;

	private submits = 0;

	/** Jobs already found by an item (`identity#ordinal`): no other item takes them. */
	private readonly taken = new Set<string>();

	constructor() {
		this.watcher = new Watcher(async (subjects, ctx) => await this.round(ctx, subjects));
	}

	private async readJobs(ctx: RemoteIotContext, units: string[] | undefined): Promise<JobLists> {
		const lists: JobLists = new Map();
		const scopes = units ?? [''];
		await Promise.all(
			scopes.map(async (unitId) => {
				try {
					lists.set(unitId, await apiRequestList(ctx, 'listjob', { UnitId: unitId }, unitId ? { unitId } : {}));
				} catch (error) {
					lists.set(unitId, error as Error);
				}
			}),
		);
		return lists;
	}

	/**
	 * The jobs that exist now on `unitId`, read before the item submits. Items asking at the same time
	 * share one request; a request still in flight that covers the device serves a late item too (its
	 * answer is produced before that item submits).
	 */
	async before(
		ctx: RemoteIotContext,
		unitId: string,
		jobName: string,
	): Promise<Pick<WaitingJob, 'before' | 'snapshotSeq'>> {
		const known = this.inFlight.find((entry) => entry.covers(unitId));
		let pending = known?.snapshot;
		if (!pending) {
			if (!this.gathering) {
				const gathering = { units: new Set<string>(), snapshot: Promise.resolve(undefined as unknown as Snapshot) };
				gathering.snapshot = (async () => {
					await sleep(GATHER_MS);
					if (this.gathering === gathering) this.gathering = undefined;
					const units = gathering.units.size <= PER_DEVICE_MAX ? [...gathering.units] : undefined;
					const entry = { covers: (id: string) => !units || units.includes(id), snapshot: gathering.snapshot };
					this.inFlight.push(entry);
					try {
						return { seq: ++this.snapshots, lists: await this.readJobs(ctx, units) };
					} finally {
						this.inFlight.splice(this.inFlight.indexOf(entry), 1);
					}
				})();
				this.gathering = gathering;
			}
			this.gathering.units.add(unitId);
			pending = this.gathering.snapshot;
		}
		const snapshot = await pending;
		const jobs = jobsOf(snapshot.lists, unitId);
		if (jobs instanceof Error) throw jobs;
		const before = new Map<string, number>();
		for (const job of jobs) {
			if (job.Name !== jobName) continue;
			const identity = identityOf(job);
			before.set(identity, (before.get(identity) ?? 0) + 1);
		}
		return { before, snapshotSeq: snapshot.seq };
	}

	/** Waits for the item's job (call after its submit succeeded). */
	async wait(
		ctx: RemoteIotContext,
		job: Omit<WaitingJob, 'submitSeq' | 'claim'>,
		timeoutMs: number,
		onTimeout: (last: IDataObject | undefined) => Error,
	): Promise<IDataObject> {
		return await this.watcher.wait(ctx, { ...job, submitSeq: ++this.submits }, timeoutMs, onTimeout);
	}

	private async round(
		ctx: RemoteIotContext,
		subjects: WaitingJob[],
	): Promise<Array<PollResult<IDataObject> | Error>> {
		const units = [...new Set(subjects.map((subject) => subject.unitId))];
		const lists = await this.readJobs(ctx, units.length <= PER_DEVICE_MAX ? units : undefined);
		// Each device's jobs by name, oldest first, with each job's ordinal among the jobs of its identity.
		const jobsByUnit = new Map<string, IDataObject[] | Error>();
		const ordinals = new Map<IDataObject, number>();
		const byClaim = new Map<string, IDataObject>();
		for (const unitId of units) {
			const jobs = jobsOf(lists, unitId);
			if (jobs instanceof Error) {
				jobsByUnit.set(unitId, jobs);
				continue;
			}
			const sorted = jobs
				.map((job, index) => ({ job, index }))
				.sort((a, b) => compareText(String(a.job.SubmitTim), String(b.job.SubmitTim)) || a.index - b.index)
				.map(({ job }) => job);
			const counts = new Map<string, number>();
			for (const job of sorted) {
				const identity = identityOf(job);
				const ordinal = counts.get(identity) ?? 0;
				counts.set(identity, ordinal + 1);
				ordinals.set(job, ordinal);
				byClaim.set(`${identity}#${ordinal}`, job);
			}
			jobsByUnit.set(unitId, sorted);
		}
		// Items that know more jobs (a later snapshot) have fewer candidates: they choose first. A job
		// with the item's own command or script is preferred over one with another.
		const order = subjects
			.filter((subject) => !subject.claim)
			.sort((a, b) => b.snapshotSeq - a.snapshotSeq || a.submitSeq - b.submitSeq);
		for (const sameCommandOnly of [true, false]) {
			for (const subject of order) {
				if (subject.claim) continue;
				const jobs = jobsByUnit.get(subject.unitId);
				if (!Array.isArray(jobs)) continue;
				for (const job of jobs) {
					if (job.Name !== subject.jobName) continue;
					if (sameCommandOnly && (String(job.Command ?? '') !== subject.command || String(job.Script ?? '') !== subject.script)) continue;
					const identity = identityOf(job);
					const ordinal = ordinals.get(job) ?? 0;
					if (ordinal < (subject.before.get(identity) ?? 0) || this.taken.has(`${identity}#${ordinal}`)) continue;
					subject.claim = { identity, ordinal };
					this.taken.add(`${identity}#${ordinal}`);
					break;
				}
			}
		}
		return subjects.map((subject) => {
			const jobs = jobsByUnit.get(subject.unitId);
			if (jobs instanceof Error) return jobs;
			const job = subject.claim ? byClaim.get(`${subject.claim.identity}#${subject.claim.ordinal}`) : undefined;
			return { done: job?.Status === 'Executed', value: job };
		});
	}
}

/** The job watcher of this execution, account and node. */
export function jobWatcher(ctx: IExecutePaginationFunctions): JobWatcher {
	return sharedPerExecution(ctx, `jobWatcher\n${ctx.getNode().name}`, () => new JobWatcher());
}
