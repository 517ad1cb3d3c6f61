import type {
	IDataObject,
	IExecutePaginationFunctions,
	INodeParameterResourceLocator,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { checkUnitId } from './deviceIds';
import { oncePerExecution } from './executionCache';
import type { PrepareStep, RequestData } from './operation';
import { escapeRegex } from './regex';
import { apiRequestList } from './transport';
import type { RemoteIotContext } from './transport';

/**
 * Finds the one device with exactly this name (GetDevice with the name escaped and anchored), once per
 * execution for each name. No match, or several, is an error that says so.
 */
export async function deviceIdByName(
	ctx: RemoteIotContext,
	name: string,
	parameter = 'Device',
): Promise<string> {
	const wanted = name.trim();
	if (!wanted) {
		throw new NodeOperationError(ctx.getNode(), `The parameter "${parameter}" is empty`, {
			description: 'Enter the exact name of a device, or switch to "From List" or "By ID".',
		});
	}
	// One GetDevice per distinct name per execution, shared by every item (and in flight).
	const matches = await oncePerExecution(ctx, `GetDevice\n${wanted}`, async () =>
		await apiRequestList(ctx, 'GetDevice', { Name: `^${escapeRegex(wanted)}$` }),
	);
	const exact = matches.filter((device) => device.Name === wanted);
	if (exact.length === 1) return String(exact[0].UnitId);
	if (exact.length === 0) {
		throw new NodeOperationError(ctx.getNode(), `No device is named "${wanted}"`, {
			description: `"${parameter}" is set to look the device up by name, and no device in this RemoteIoT account has exactly that name (names are case-sensitive).`,
		});
	}
	throw new NodeOperationError(ctx.getNode(), `${exact.length} devices are named "${wanted}"`, {
		description: `"${parameter}" must identify one device. Matching UnitIds: ${exact
			.slice(0, 10)
			.map((device) => device.UnitId)
			.join(', ')}. Pick the device by ID instead.`,
	});
}

/** Reads a device resource locator (or a plain UnitId from an expression or an AI tool) as a UnitId. */
export async function readDeviceId(
	ctx: IExecutePaginationFunctions,
	parameter = 'deviceId',
	displayName = 'Device',
): Promise<string> {
	const raw = ctx.getNodeParameter(parameter, '', { extractValue: false }) as
		| INodeParameterResourceLocator
		| string
		| number;
	if (raw && typeof raw === 'object' && 'mode' in raw) {
		if (raw.mode === 'name') return await deviceIdByName(ctx, String(raw.value ?? ''), displayName);
		return checkUnitId(ctx.getNode(), raw.value, displayName);
	}
	return checkUnitId(ctx.getNode(), raw, displayName);
}

/**
 * Prepare step: checks the `UnitId` that the `deviceId` parameter's routing put into the body, or
 * resolves it when the device was given by name. The value is not evaluated again (n8n already did
 * it for the routing); only the saved locator's mode is read, which is never an expression.
 */
export const resolveDeviceId: PrepareStep = async function (
	this: IExecutePaginationFunctions,
	requestData: RequestData,
) {
	const body = (requestData.options.body ?? {}) as IDataObject;
	const saved = this.getNode().parameters.deviceId;
	const byName = !!saved && typeof saved === 'object' && (saved as INodeParameterResourceLocator).mode === 'name';
	const value = body.UnitId;
	body.UnitId = byName
		? await deviceIdByName(this, typeof value === 'string' || typeof value === 'number' ? String(value) : '')
		: checkUnitId(this.getNode(), value, 'Device');
	requestData.options.body = body;
};
