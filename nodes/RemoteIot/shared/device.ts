import type {
	IDataObject,
	IExecutePaginationFunctions,
	INodeParameterResourceLocator,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { checkUnitId, couldBeDeviceName, looksLikeUnitId } from './deviceIds';
import { oncePerExecution } from './executionCache';
import type { PrepareStep, RequestData } from './operation';
import { escapeRegex } from './regex';
import { deviceList } from './scope';
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
		throw new NodeOperationError(ctx.getNode(), `The parameter "${parameter}" is empty: give a device's UnitId (such as 0000000088888888) or its exact name`, {
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
		// A few of the account's names, so that a model (which reads only the message) can correct itself.
		let examples: string[] | undefined;
		try {
			examples = (await deviceList(ctx, ''))
				.slice(0, 3)
				.map((device) => `"${String(device.Name)}" (UnitId ${String(device.UnitId)})`);
		} catch {
			examples = undefined; // the look-up's own answer is what matters; the examples are a bonus
		}
		const like = examples === undefined ? '' : examples.length ? `; devices are named like ${examples.join(', ')}` : '; the account has no devices';
		throw new NodeOperationError(
			ctx.getNode(),
			`No device is named "${wanted}"${like}. Give a UnitId or an exact, case-sensitive device name`,
			{
				description: `"${parameter}" was looked up as a device name, and no device in this RemoteIoT account has exactly that name. Device > Get Many or Search lists the devices.`,
			},
		);
	}
	const ids = exact
		.slice(0, 10)
		.map((device) => device.UnitId)
		.join(', ');
	throw new NodeOperationError(ctx.getNode(), `${exact.length} devices are named "${wanted}": give the UnitId of the one you mean (${ids})`, {
		description: `"${parameter}" must identify one device. Matching UnitIds: ${exact
			.slice(0, 10)
			.map((device) => device.UnitId)
			.join(', ')}. Pick the device by ID instead.`,
	});
}

/**
 * Reads a device resource locator (or a plain UnitId from an expression or an AI tool) as a UnitId.
 * `optional`: an empty value gives '' instead of an error.
 */
export async function readDeviceId(
	ctx: IExecutePaginationFunctions,
	parameter = 'deviceId',
	displayName = 'Device',
	optional = false,
): Promise<string> {
	const raw = ctx.getNodeParameter(parameter, '', { extractValue: false }) as
		| INodeParameterResourceLocator
		| string
		| number
		| null;
	const value = raw && typeof raw === 'object' && 'mode' in raw ? raw.value : raw;
	if (optional && (value === undefined || value === null || String(value).trim() === '')) return '';
	const byName = !!raw && typeof raw === 'object' && 'mode' in raw && raw.mode === 'name';
	return await unitIdOrName(ctx, value, byName, displayName);
}

/**
 * Prepare step: reads the `deviceId` parameter (evaluated here once; it has no `routing`, so n8n's
 * declarative engine does not read it again per item), resolves a name, and sends it as `UnitId`.
 * `optional`: an empty Device sends `UnitId: ''` (Job → Get Many: every device).
 */
function deviceIdStep(optional: boolean): PrepareStep {
	return async function (this: IExecutePaginationFunctions, requestData: RequestData) {
		const body = (requestData.options.body ?? {}) as IDataObject;
		requestData.options.body = { UnitId: await readDeviceId(this, 'deviceId', 'Device', optional), ...body };
	};
}

export const resolveDeviceId = deviceIdStep(false);

export const resolveOptionalDeviceId = deviceIdStep(true);

/**
 * A device given by name, or by ID (or as a plain string from an expression or an AI tool) that is not
 * shaped like a UnitId, is looked up as an exact device name before it is refused.
 */
async function unitIdOrName(
	ctx: IExecutePaginationFunctions,
	value: unknown,
	byName: boolean,
	displayName: string,
): Promise<string> {
	if (byName) {
		const text = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
		return await deviceIdByName(ctx, text, displayName);
	}
	if (couldBeDeviceName(value) && !looksLikeUnitId(value)) {
		return await deviceIdByName(ctx, value, displayName);
	}
	return checkUnitId(ctx.getNode(), value, displayName);
}
