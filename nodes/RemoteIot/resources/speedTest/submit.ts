import type {
	IDataObject,
	IExecutePaginationFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { parseRemoteIotTime } from '../../shared/dates';
import { deviceIdLocator, optionsCollection, showFor } from '../../shared/descriptions';
import { resolveDeviceId } from '../../shared/device';
import type { RequestData } from '../../shared/operation';
import { operationRouting } from '../../shared/operation';
import { sharedPerExecution } from '../../shared/executionCache';
import { apiRequest, routedRequest } from '../../shared/transport';
import type { RemoteIotContext } from '../../shared/transport';
import { readTimeoutMs, Watcher } from '../../shared/waitFor';

const show = showFor('speedTest', ['submit']);
const DEFAULT_TIMEOUT_S = 120;

async function latestResult(ctx: RemoteIotContext, unitId: string): Promise<IDataObject> {
	const data = await apiRequest(ctx, 'GetSpeedTestResult', { UnitId: unitId }, { unitId });
	return data && typeof data === 'object' && !Array.isArray(data) ? (data as IDataObject) : {};
}

/** True when `result` was submitted after `previous` (RemoteIoT's GMT "Submission Time"). */
function isNewer(result: IDataObject, previous: IDataObject): boolean {
	const time = result['Submission Time'];
	if (typeof time !== 'string' || time === '') return false;
	const before = previous['Submission Time'];
	if (typeof before !== 'string' || before === '') return true;
	const [a, b] = [parseRemoteIotTime(time), parseRemoteIotTime(before)];
	return Number.isNaN(a) || Number.isNaN(b) ? time > before : a > b;
}

interface WaitingTest {
	unitId: string;
	previous: IDataObject;
}

/**
 * The speed-test waits of one execution (account and node) on one schedule: each round reads the
 * latest result once per waiting device, for every item waiting on that device.
 */
class SpeedTestWatcher {
	private readonly watcher: Watcher<WaitingTest, IDataObject>;

	/** Reads of the latest result in flight, per device: items asking at the same time share one. */
	private readonly reading = new Map<string, Promise<IDataObject>>();

	constructor() {
		this.watcher = new Watcher(async (subjects, ctx) => {
			const units = [...new Set(subjects.map((subject) => subject.unitId))];
			const latest = new Map<string, IDataObject | Error>();
			await Promise.all(
				units.map(async (unitId) => {
					try {
						latest.set(unitId, await this.latest(ctx, unitId));
					} catch (error) {
						latest.set(unitId, error as Error);
					}
				}),
			);
			return subjects.map((subject) => {
				const result = latest.get(subject.unitId) as IDataObject | Error;
				return result instanceof Error ? result : { done: isNewer(result, subject.previous), value: result };
			});
		});
	}

	async latest(ctx: RemoteIotContext, unitId: string): Promise<IDataObject> {
		let pending = this.reading.get(unitId);
		if (!pending) {
			pending = latestResult(ctx, unitId);
			this.reading.set(unitId, pending);
			const forget = () => this.reading.delete(unitId);
			pending.then(forget, forget);
		}
		return await pending;
	}

	async wait(
		ctx: RemoteIotContext,
		subject: WaitingTest,
		timeoutMs: number,
		onTimeout: () => Error,
	): Promise<IDataObject> {
		return await this.watcher.wait(ctx, subject, timeoutMs, onTimeout);
	}
}

async function submit(this: IExecutePaginationFunctions, requestData: RequestData) {
	const unitId = String((requestData.options.body as IDataObject).UnitId);
	const waitForResult = this.getNodeParameter('options.waitForResult', false) as boolean;
	if (!waitForResult) {
		await routedRequest(this, requestData);
		return [{ json: { success: true, UnitId: unitId } }];
	}
	const timeoutMs = readTimeoutMs(this, DEFAULT_TIMEOUT_S);
	const watcher = sharedPerExecution(this, `speedTestWatcher\n${this.getNode().name}`, () => new SpeedTestWatcher());
	const previous = await watcher.latest(this, unitId);
	await routedRequest(this, requestData);
	const result = await watcher.wait(this, { unitId, previous }, timeoutMs, () =>
		new NodeOperationError(
			this.getNode(),
			`The speed test of device ${unitId} gave no result within ${timeoutMs / 1000} seconds`,
			{
				itemIndex: this.getItemIndex(),
				description: `The test was submitted, but no result newer than the previous one (${String(previous['Submission Time'] ?? 'none')}) appeared. The device may be offline or busy: raise the Timeout option, or read the result later with Speed Test > Get Result.`,
			},
		),
	);
	return [{ json: { UnitId: unitId, ...result } }];
}

export const submitOperation: INodePropertyOptions = {
	name: 'Submit',
	value: 'submit',
	action: 'Run a network speed test on a device',
	description:
		'Start a network speed test on a device; with "Wait for Result" the node waits and outputs the new result',
	routing: operationRouting('SubmitSpeedTest', { prepare: [resolveDeviceId], handler: submit }),
};

export const submitFields: INodeProperties[] = [
	deviceIdLocator(show),
	{
		...optionsCollection(show),
		options: [
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeout',
				type: 'number',
				default: DEFAULT_TIMEOUT_S,
				typeOptions: { minValue: 1 },
				description: 'How long to wait for the result before failing',
				// Only with waiting on: adding Timeout alone would otherwise leave Wait for Result out, i.e. off.
				displayOptions: { show: { waitForResult: [true] } },
			},
			{
				displayName: 'Wait for Result',
				name: 'waitForResult',
				type: 'boolean',
				default: true,
				description:
					'Whether to wait until the device has run the test and output its result (otherwise the node only submits it)',
			},
		],
	},
];
