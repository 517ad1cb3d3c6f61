import type { IDataObject, IExecutePaginationFunctions, INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { DateTime } from 'luxon';

import type { RequestData } from './operation';

/** RemoteIoT's date format for ExecuteTime (always GMT). */
export const REMOTEIOT_DATE_FORMAT = 'yyyy-MM-dd HH:mm:ss';

/**
 * Reads an n8n date-time parameter (a luxon DateTime from an expression, a JS Date, an ISO string or
 * `YYYY-MM-DD HH:mm:ss`, epoch milliseconds) in the workflow's time zone and returns it as RemoteIoT
 * wants it: `YYYY-MM-DD HH:mm:ss` in GMT. Empty values give undefined ("now": the field is left out).
 */
export function toRemoteIotTime(
	node: INode,
	value: unknown,
	timezone: string,
	parameter: string,
	itemIndex?: number,
): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const zone = timezone || 'UTC';
	let date: DateTime | undefined;
	if (DateTime.isDateTime(value)) {
		date = value;
	} else if (value instanceof Date) {
		date = DateTime.fromJSDate(value);
	} else if (typeof value === 'number') {
		date = DateTime.fromMillis(value);
	} else if (typeof value === 'string') {
		const text = value.trim();
		if (text === '') return undefined;
		date = DateTime.fromISO(text, { zone });
		if (!date.isValid) date = DateTime.fromSQL(text, { zone });
		if (!date.isValid) date = DateTime.fromRFC2822(text, { zone });
	}
	if (!date || !date.isValid) {
		throw new NodeOperationError(node, `The parameter "${parameter}" is not a valid date and time`, {
			itemIndex,
			description: `Got ${JSON.stringify(String(value)).slice(0, 80)}. Pick a date, or use an ISO date such as 2026-11-25T10:00:00 (read in the workflow's time zone, ${zone}) or an expression such as {{ $now.plus({ hours: 1 }) }}. Leave it empty to run now.`,
		});
	}
	return date.toUTC().toFormat(REMOTEIOT_DATE_FORMAT);
}

/**
 * Reads one of RemoteIoT's GMT timestamps (`2017-01-10 10:02:30.0`) as milliseconds, or NaN when it
 * cannot be read.
 */
export function parseRemoteIotTime(value: unknown): number {
	if (typeof value !== 'string') return NaN;
	const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?/.exec(value.trim());
	if (!match) return NaN;
	const [, y, mo, d, h, mi, s, ms] = match;
	return Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, ms ? Number(ms.padEnd(3, '0')) : 0);
}

/** The `executeTime` option of job.create and file.write (file.upload builds its own Data JSON). */
export function executeTimeOption(what: string): INodeProperties {
	return {
		displayName: 'Execute Time',
		name: 'executeTime',
		type: 'dateTime',
		default: '',
		description: `${what}, in the workflow's time zone (sent to RemoteIoT in GMT). Empty means now.`,
	};
}

/** Prepare step: `options.executeTime` → ExecuteTime `YYYY-MM-DD HH:mm:ss` GMT, left out when empty. */
export async function readExecuteTime(this: IExecutePaginationFunctions, requestData: RequestData) {
	const body = (requestData.options.body ?? {}) as IDataObject;
	const time = toRemoteIotTime(
		this.getNode(),
		this.getNodeParameter('options.executeTime', ''),
		this.getTimezone(),
		'Execute Time',
		this.getItemIndex(),
	);
	if (time) body.ExecuteTime = time;
	else delete body.ExecuteTime;
	requestData.options.body = body;
}
