import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { readDeviceIds } from '../RemoteIot/shared/deviceIds';
import { redact } from '../RemoteIot/shared/errors';
import { DeadlinePassed } from '../RemoteIot/shared/transport';
import { fetchDevicesInScope, fetchJobs, fetchStatuses, readLogLines } from './api';
import { triggerProperties } from './description';
import type { Changes, TriggerSettings } from './events';
import { EVENT_KINDS, MAX_LOG_DEVICES, detectChanges, isStatusEvent, logItems } from './events';
import { forget, leave, recall, remember, triggerKey, tryEnter } from './memo';
import { sampleEvents } from './samples';
import type { TriggerState } from './state';
import { readState, writeState } from './state';

/** Log reads stop (and resume next poll) once this share of n8n's poll budget is used. */
const LOG_BUDGET_SHARE = 0.8;

export class RemoteIotTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'RemoteIoT Trigger',
		name: 'remoteIotTrigger',
		icon: { light: 'file:../../icons/remoteiot.svg', dark: 'file:../../icons/remoteiot.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{($parameter["events"] || []).join(", ")}}',
		description:
			'Starts the workflow when RemoteIoT devices go online or offline, write log lines, finish jobs, or join or leave the fleet',
		defaults: { name: 'RemoteIoT Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'remoteIotApi', required: true }],
		properties: triggerProperties,
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const settings = readSettings(this);
		if (this.getMode() === 'manual') {
			const devices = await fetchDevicesInScope(this, settings.group, settings.deviceIds);
			checkLogScope(this, settings, devices.length);
			return [this.helpers.returnJsonArray(await sampleEvents(this, settings, devices))];
		}
		// One poll of a trigger at a time (n8n's default mode starts a poll at every tick even when the
		// last one still runs): the later poll returns null at once and changes nothing.
		const key = triggerKey(this.getWorkflow().id, this.getNode().id);
		const startedAt = Date.now();
		if (key && !tryEnter(key, startedAt)) {
			debug(this, 'the previous poll is still running; this one is skipped');
			return null;
		}
		try {
			return await pollOnce(this, settings, key, startedAt);
		} finally {
			if (key) leave(key);
		}
	}
}

async function pollOnce(
	ctx: IPollFunctions,
	settings: TriggerSettings,
	key: string | undefined,
	startedAt: number,
): Promise<INodeExecutionData[][] | null> {
	const devices = await fetchDevicesInScope(ctx, settings.group, settings.deviceIds);
	checkLogScope(ctx, settings, devices.length);

	// Everything that may fail without losing anything comes first: a throw keeps the old state.
	const ids = devices.map((device) => String(device.UnitId));
	const statuses = settings.events.some(isStatusEvent) && ids.length ? await fetchStatuses(ctx, ids) : undefined;
	const wholeAccount = !settings.group && !settings.deviceIds.length;
	const jobs = settings.events.includes('jobFinished') ? await fetchJobs(ctx, ids, wholeAccount) : undefined;

	const staticData = ctx.getWorkflowStaticData('node');
	const previous = newer(readState(staticData), key ? recall(key, startedAt) : undefined);
	const detectedAt = new Date().toISOString();
	const changes = detectChanges(previous, settings, { devices, statuses, jobs }, detectedAt, startedAt);

	// Log reads are destructive: from here on the poll never throws, it returns what it has.
	const lines = await followLogs(ctx, settings, changes, detectedAt);
	writeState(staticData, changes.state);
	const items = [...changes.items, ...lines];
	if (key) {
		// n8n persists a poll's state with its items; a null poll's state may be dropped: remember it.
		if (items.length) forget(key);
		else remember(key, changes.state, startedAt);
	}
	return items.length ? [ctx.helpers.returnJsonArray(items)] : null;
}

/** The newer of the persisted state and the memo (a tie goes to the persisted state). */
function newer(persisted: TriggerState | undefined, memo: TriggerState | undefined): TriggerState | undefined {
	if (!memo) return persisted;
	if (!persisted) return memo;
	return memo.at > persisted.at ? memo : persisted;
}

function readSettings(ctx: IPollFunctions): TriggerSettings {
	const node = ctx.getNode();
	const raw = ctx.getNodeParameter('events', []) as unknown;
	const chosen = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(',') : [];
	const events = EVENT_KINDS.filter((kind) => chosen.some((value) => value.trim() === kind));
	const unknown = chosen.filter((value) => !(EVENT_KINDS as readonly string[]).includes(value.trim()));
	if (unknown.length) {
		throw new NodeOperationError(node, `Unknown event "${unknown[0]}"`, {
			description: `Choose from: ${EVENT_KINDS.join(', ')}.`,
		});
	}
	if (!events.length) {
		throw new NodeOperationError(node, 'No event selected', {
			description: 'Select at least one event in "Events".',
		});
	}
	const group = String(ctx.getNodeParameter('group', '') ?? '').trim();
	const deviceIds = readDeviceIds(node, ctx.getNodeParameter('deviceIds', ''));
	let logFile = '';
	if (events.includes('newLogLines')) {
		logFile = String(ctx.getNodeParameter('logFile', '') ?? '').trim();
		if (!logFile) {
			throw new NodeOperationError(node, 'The parameter "Log File" is empty', {
				description: 'New Log Lines needs the name of the log file to follow, for example "System error".',
			});
		}
		if (!group && !deviceIds.length) {
			throw new NodeOperationError(node, 'New Log Lines needs a bounded set of devices', {
				description: `RemoteIoT's log endpoint reads one device at a time, so the trigger follows at most ${MAX_LOG_DEVICES} devices. Set "Device IDs" (at most ${MAX_LOG_DEVICES}) or a "Group" with at most ${MAX_LOG_DEVICES} devices.`,
			});
		}
		if (deviceIds.length > MAX_LOG_DEVICES) {
			throw new NodeOperationError(node, `New Log Lines can follow at most ${MAX_LOG_DEVICES} devices, "Device IDs" lists ${deviceIds.length}`, {
				description: `Split the devices over several triggers of at most ${MAX_LOG_DEVICES} devices each.`,
			});
		}
	}
	const polls = Number(ctx.getNodeParameter('options.offlineAfterPolls', 1));
	const offlineAfterPolls = Number.isFinite(polls) && polls >= 1 ? Math.floor(polls) : 1;
	return { events, group, deviceIds, logFile, offlineAfterPolls };
}

function checkLogScope(ctx: IPollFunctions, settings: TriggerSettings, devices: number): void {
	if (settings.events.includes('newLogLines') && devices > MAX_LOG_DEVICES) {
		throw new NodeOperationError(
			ctx.getNode(),
			`New Log Lines can follow at most ${MAX_LOG_DEVICES} devices, the scope has ${devices}`,
			{
				description: `Narrow the scope with "Device IDs" or a smaller "Group" (at most ${MAX_LOG_DEVICES} devices), or split it over several triggers.`,
			},
		);
	}
}

function pollBudgetMs(ctx: IPollFunctions): number {
	const withBudget = ctx as Partial<IPollFunctions>;
	const budget = typeof withBudget.getPollBudgetMs === 'function' ? withBudget.getPollBudgetMs() : 0;
	return budget > 0 ? budget : 5 * 60_000;
}

/**
 * Reads the log of every followed device and never throws: a device whose read fails keeps its
 * state (its lines are read again next poll) and the failure is logged. Every read goes through the
 * shared transport, which limits concurrency; a read that gets its slot after the deadline is not
 * sent (the device is read at the next poll). Completes the log baselines in `changes.state`.
 */
async function followLogs(
	ctx: IPollFunctions,
	settings: TriggerSettings,
	changes: Changes,
	detectedAt: string,
): Promise<IDataObject[]> {
	const { logTargets, state } = changes;
	if (!logTargets.length) return [];
	const deadline = Date.now() + pollBudgetMs(ctx) * LOG_BUDGET_SHARE;
	const results = await Promise.allSettled(
		logTargets.map(async (target) => await readLogLines(ctx, target.unitId, settings.logFile, deadline)),
	);
	const items: IDataObject[] = [];
	let skipped = 0;
	results.forEach((result, index) => {
		const target = logTargets[index];
		try {
			if (result.status === 'rejected') {
				if (result.reason instanceof DeadlinePassed) skipped++;
				else {
					warn(ctx, `could not read the log "${settings.logFile}" of device ${target.unitId}; it is read again at the next poll: ${messageOf(result.reason)}`);
				}
				return;
			}
			if (target.emit) items.push(...logItems(target, settings.logFile, result.value, detectedAt));
			state.ld[target.unitId] = 1;
		} catch (error) {
			warn(ctx, `could not process the log of device ${target.unitId}: ${messageOf(error)}`);
		}
	});
	if (skipped) {
		warn(ctx, `the poll ran out of time: the logs of ${skipped} device(s) are read at the next poll`);
	}
	return items;
}

function messageOf(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	return redact(message);
}

function debug(ctx: IPollFunctions, message: string): void {
	try {
		ctx.logger.debug(`RemoteIoT Trigger: ${message}`, { workflowId: ctx.getWorkflow().id, node: ctx.getNode().name });
	} catch {
		// Logging never makes a poll fail.
	}
}

function warn(ctx: IPollFunctions, message: string): void {
	try {
		ctx.logger.warn(`RemoteIoT Trigger: ${message}`, {
			workflowId: ctx.getWorkflow().id,
			node: ctx.getNode().name,
		});
	} catch {
		// Logging must never make the poll fail after a destructive log read.
	}
}
