import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { MAX_IDS_PER_REQUEST } from './constants';

/** UnitIds are short tokens (16 hexadecimal digits in practice): no spaces, commas or quotes. */
const UNIT_ID = /^[A-Za-z0-9_:-]{1,64}$/;

/** Whether a value is shaped like a UnitId (otherwise a single device is looked up as an exact name). */
export function looksLikeUnitId(value: unknown): boolean {
	return typeof value === 'string' && UNIT_ID.test(value.trim());
}

/** Whether a value could be a device name worth looking up: one line, at most 128 characters. */
export function couldBeDeviceName(value: unknown): value is string {
	return typeof value === 'string' && value.trim() !== '' && value.trim().length <= 128 && !/[\r\n]/.test(value.trim());
}

/** Checks one device ID and returns it trimmed; refuses empty or malformed IDs naming the parameter. */
export function checkUnitId(node: INode, value: unknown, parameter: string, itemIndex?: number): string {
	if (typeof value === 'number' && Number.isFinite(value)) value = String(value);
	if (value !== undefined && value !== null && typeof value !== 'string') {
		throw new NodeOperationError(node, `"${parameter}" must be a device ID (a UnitId such as 0000000088888888), not ${describeType(value)}`, {
			itemIndex,
			description: 'An expression must return text, such as {{ $json.UnitId }}.',
		});
	}
	if (typeof value !== 'string' || value.trim() === '') {
		throw new NodeOperationError(
			node,
			`The parameter "${parameter}" is empty: give a device's UnitId (such as 0000000088888888) or its exact name`,
			{
				itemIndex,
				description: 'Pick a device from the list, or enter its UnitId or its exact name.',
			},
		);
	}
	const id = value.trim();
	if (!UNIT_ID.test(id)) {
		throw new NodeOperationError(
			node,
			`"${id.slice(0, 80)}" is not a valid device ID in "${parameter}": a UnitId is a short code of letters and digits such as 0000000088888888`,
			{
				itemIndex,
				description: 'To pick a device by its name, use the "By Name" mode.',
			},
		);
	}
	return id;
}

function describeType(value: unknown): string {
	if (Array.isArray(value)) return 'a list';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * Reads a list of device IDs as users give it: a comma- (or newline-) separated string, an array of
 * IDs from an expression, or an array of objects with a `UnitId`. Empty input gives an empty list.
 * Duplicates are dropped, order is kept.
 */
export function parseDeviceIds(
	node: INode,
	value: unknown,
	parameter = 'Device IDs',
	itemIndex?: number,
): string[] {
	let parts: unknown[];
	if (value === undefined || value === null || value === '') return [];
	if (Array.isArray(value)) {
		parts = value.map((entry) =>
			entry && typeof entry === 'object' && 'UnitId' in entry ? (entry as { UnitId: unknown }).UnitId : entry,
		);
	} else if (typeof value === 'string') {
		const text = value.trim();
		const list = text.startsWith('[') ? parseJsonArray(text) : undefined;
		if (list) return parseDeviceIds(node, list, parameter, itemIndex);
		parts = text.split(/[,;\n\r]+/);
	} else if (typeof value === 'number') {
		parts = [String(value)];
	} else {
		throw new NodeOperationError(node, `"${parameter}" must be a list of device IDs`, {
			itemIndex,
			description: 'Enter UnitIds separated by commas, or an expression that returns an array of UnitIds.',
		});
	}
	const ids: string[] = [];
	const seen = new Set<string>();
	for (const part of parts) {
		if (typeof part === 'string' && part.trim() === '') continue;
		const id = checkUnitId(node, part, parameter, itemIndex);
		if (!seen.has(id)) {
			seen.add(id);
			ids.push(id);
		}
	}
	return ids;
}

/**
 * Reads a `deviceIds` parameter (the action node's and the trigger's) as a list of UnitIds. A fixed,
 * empty field means "every device" (the public contract) and gives []. A field set by an expression
 * (the raw value starts with "=", which includes AI tools' $fromAI) that evaluates to nothing (empty,
 * undefined, null, an empty list) is a mistake, not "every device": it is refused before any request.
 */
export function readDeviceIds(
	node: INode,
	value: unknown,
	{
		parameter = 'deviceIds',
		displayName = 'Device IDs',
		itemIndex,
	}: { parameter?: string; displayName?: string; itemIndex?: number } = {},
): string[] {
	const raw = node.parameters[parameter];
	const ids = parseDeviceIds(node, value, displayName, itemIndex);
	if (!ids.length && typeof raw === 'string' && raw.startsWith('=')) {
		const what =
			value === undefined || value === null
				? String(value)
				: Array.isArray(value)
					? 'an empty list'
					: 'an empty text';
		throw new NodeOperationError(
			node,
			`"${displayName}" is empty: its expression returned ${what}. Give one or more UnitIds separated by commas, such as 0000000088888881, 0000000088888882`,
			{
				itemIndex,
				description:
					'An expression that yields no device is refused rather than read as "every device". To act on every device of the account, leave the field empty without an expression.',
			},
		);
	}
	return ids;
}

function parseJsonArray(text: string): unknown[] | undefined {
	try {
		const parsed = JSON.parse(text) as unknown;
		return Array.isArray(parsed) ? parsed : undefined;
	} catch {
		return undefined;
	}
}

/** Splits a list into the chunks RemoteIoT accepts in one request (at most 1000 IDs each). */
export function chunk<T>(list: T[], size = MAX_IDS_PER_REQUEST): T[][] {
	const chunks: T[][] = [];
	for (let start = 0; start < list.length; start += size) chunks.push(list.slice(start, start + size));
	return chunks;
}

/** The `Unit` array RemoteIoT's multi-device endpoints take. */
export function toUnitList(ids: string[]): Array<{ UnitId: string }> {
	return ids.map((UnitId) => ({ UnitId }));
}
