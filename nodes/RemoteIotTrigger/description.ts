import type { INodeProperties } from 'n8n-workflow';

import { deviceIdsField, groupField, optionsCollection } from '../RemoteIot/shared/descriptions';

/** A shared field without display conditions (the trigger has no resource/operation). */
function alwaysShown(field: INodeProperties): INodeProperties {
	const copy = { ...field };
	delete copy.displayOptions;
	return copy;
}

const showForLogs = { show: { events: ['newLogLines'] } };

/** The trigger's parameters. `events`, `group`, `deviceIds` and `logFile` are fixed by the public contract. */
export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: ['deviceOffline', 'deviceOnline'],
		description: 'The changes that start the workflow. The first poll of a newly selected event only records the current state.',
		options: [
			{
				name: 'Device Added',
				value: 'deviceAdded',
				description: 'A device entered the scope: new in the account, moved into the group, or added to Device IDs',
			},
			{
				name: 'Device Offline',
				value: 'deviceOffline',
				description: 'A device in scope that was online at the last poll is offline',
			},
			{
				name: 'Device Online',
				value: 'deviceOnline',
				description: 'A device in scope that was offline at the last poll is online',
			},
			{
				name: 'Device Removed',
				value: 'deviceRemoved',
				description: 'A device left the scope: deleted, moved to another group, or removed from Device IDs',
			},
			{
				name: 'Job Finished',
				value: 'jobFinished',
				description: 'A job (command, script or file update) of a device in scope has been executed',
			},
			{
				name: 'New Log Lines',
				value: 'newLogLines',
				description: 'New lines in a log file of the devices in scope (at most 100 devices), one item per line',
			},
		],
	},
	groupField(undefined, {
		hint: 'Only devices of this group; leave empty for every group',
	}),
	alwaysShown(
		deviceIdsField(
			{},
			{
				description:
					'Only these devices (UnitIds separated by commas, or an expression that returns an array of UnitIds). Leave empty for every device (of the group, if set).',
			},
		),
	),
	{
		displayName:
			'New Log Lines reads the log of every device in scope at each poll, so it needs a bounded scope: at most 100 devices, chosen by Device IDs or a Group. RemoteIoT hands each log line over only once, so do not read the same log file elsewhere.',
		name: 'logNotice',
		type: 'notice',
		default: '',
		displayOptions: showForLogs,
	},
	{
		displayName: 'Log File',
		name: 'logFile',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'System error',
		description: 'The name of the log file to follow, as configured for the devices in the RemoteIoT portal',
		hint: 'Lines written before the trigger was activated are skipped',
		displayOptions: showForLogs,
	},
	{
		...optionsCollection(),
		options: [
			{
				displayName: 'Offline After Polls',
				name: 'offlineAfterPolls',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 100 },
				default: 1,
				description:
					'Flap guard: report Device Offline only once a device has been offline in this many consecutive polls (1 = at the first poll that sees it offline). A device back online before that emits nothing.',
			},
		],
	},
];
