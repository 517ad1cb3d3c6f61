import type {
	IDataObject,
	IExecutePaginationFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { executeTimeOption, readExecuteTime } from '../../shared/dates';
import { deviceIdLocator, optionsCollection, showFor } from '../../shared/descriptions';
import { resolveDeviceId } from '../../shared/device';
import type { RequestData } from '../../shared/operation';
import { actionHandler, operationRouting, requireValue } from '../../shared/operation';
import { routedRequest } from '../../shared/transport';
import { readTimeoutMs } from '../../shared/waitFor';
import { jobWatcher } from './watcher';

const show = showFor('job', ['create']);
const DEFAULT_TIMEOUT_S = 300;

/** Sends either Command or Script, as chosen by `commandType`, and refuses an empty one. */
async function checkCommand(this: IExecutePaginationFunctions, requestData: RequestData) {
	const body = (requestData.options.body ?? {}) as IDataObject;
	const type = this.getNodeParameter('commandType', 'command') as string;
	if (type === 'script') {
		delete body.Command;
		await requireValue('Script', 'Script', 'Enter the name of a script uploaded in the RemoteIoT portal, for example test1.sh.').call(this, requestData);
	} else {
		delete body.Script;
		await requireValue('Command', 'Command', 'Enter the Linux command to run, for example ls /tmp.').call(this, requestData);
	}
}

/**
 * Submits the job and, with "Wait for Completion", waits until listjob shows it Executed. The items of
 * an execution share one watcher (see ./watcher): one listjob per round answers all of them.
 */
async function createJob(this: IExecutePaginationFunctions, requestData: RequestData) {
	const waitForCompletion = this.getNodeParameter('options.waitForCompletion', false) as boolean;
	if (!waitForCompletion) {
		return await actionHandler('UnitId', 'JobName', 'Command', 'Script', 'ExecuteTime').call(this, requestData);
	}
	const timeoutMs = readTimeoutMs(this, DEFAULT_TIMEOUT_S);
	const body = requestData.options.body as IDataObject;
	const unitId = String(body.UnitId);
	const jobName = String(body.JobName);
	const watcher = jobWatcher(this);
	// submitjob returns no ID: the new job is the one with this device and name that did not exist before.
	const before = await watcher.before(this, unitId, jobName);
	await routedRequest(this, requestData);
	const job = await watcher.wait(
		this,
		{
			unitId,
			jobName,
			command: String(body.Command ?? ''),
			script: String(body.Script ?? ''),
			...before,
		},
		timeoutMs,
		(last) =>
			new NodeOperationError(
				this.getNode(),
				`The job "${jobName}" on device ${unitId} did not finish within ${timeoutMs / 1000} seconds`,
				{
					itemIndex: this.getItemIndex(),
					description: last
						? `Its last status was "${String(last.Status)}" (submitted ${String(last.SubmitTim)}, execution time ${String(last.ExecuteTim)}). The job stays queued: check it later with Job > Get Many, or raise the Timeout option.`
						: 'The job was submitted but has not appeared in the job list yet. Check it later with Job > Get Many, or raise the Timeout option.',
				},
			),
	);
	return [{ json: job }];
}

export const createOperation: INodePropertyOptions = {
	name: 'Create',
	value: 'create',
	action: 'Create a job that runs a shell command or script on a device (remote command execution: it changes the device)',
	description:
		'Submit a job that runs a Linux command or an uploaded script on a device, now or at a set time; with "Wait for Completion" the node outputs the job with its Result (the command output)',
	routing: operationRouting('submitjob', {
		prepare: [
			resolveDeviceId,
			requireValue('JobName', 'Job Name', 'Enter a name for the job; it is how the job is found again in the job list.'),
			checkCommand,
			readExecuteTime,
		],
		handler: createJob,
	}),
};

export const createFields: INodeProperties[] = [
	deviceIdLocator(show),
	{
		displayName: 'Job Name',
		name: 'jobName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Job1',
		description: 'A name for the job, shown in the job list (jobs have no ID: the name finds it again)',
		displayOptions: show,
		routing: { send: { type: 'body', property: 'JobName' } },
	},
	{
		displayName: 'Run',
		name: 'commandType',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Command', value: 'command', description: 'A Linux shell command' },
			{ name: 'Script', value: 'script', description: 'A script file uploaded in the RemoteIoT portal' },
		],
		default: 'command',
		description: 'Whether to run a shell command or an uploaded script',
		displayOptions: show,
	},
	{
		displayName: 'Command',
		name: 'command',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'ls /tmp',
		description: 'The Linux command to run on the device',
		displayOptions: { show: { resource: ['job'], operation: ['create'], commandType: ['command'] } },
		routing: { send: { type: 'body', property: 'Command' } },
	},
	{
		displayName: 'Script',
		name: 'script',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'test1.sh',
		description: 'The name of a script file uploaded in the RemoteIoT portal',
		displayOptions: { show: { resource: ['job'], operation: ['create'], commandType: ['script'] } },
		routing: { send: { type: 'body', property: 'Script' } },
	},
	{
		...optionsCollection(show),
		options: [
			executeTimeOption('When to run the job'),
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeout',
				type: 'number',
				default: DEFAULT_TIMEOUT_S,
				typeOptions: { minValue: 1 },
				description:
					'How long to wait for the job before failing (counting from now, also for a job scheduled later)',
				// Only with waiting on: adding Timeout alone would otherwise leave Wait for Completion out, i.e. off.
				displayOptions: { show: { waitForCompletion: [true] } },
			},
			{
				displayName: 'Wait for Completion',
				name: 'waitForCompletion',
				type: 'boolean',
				default: true,
				description:
					'Whether to wait until the device has run the job and output the job record with its Result (otherwise the node only submits it)',
			},
		],
	},
];
