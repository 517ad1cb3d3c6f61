import type {
	IDataObject,
	IExecutePaginationFunctions,
	INodeProperties, INodePropertyOptions,
} from 'n8n-workflow';

import { deviceIdLocator, showFor } from '../../shared/descriptions';
import { resolveDeviceId } from '../../shared/device';
import type { RequestData } from '../../shared/operation';
import { operationRouting } from '../../shared/operation';
import { routedRequest } from '../../shared/transport';

/** The result as RemoteIoT sends it, with the UnitId first (a device never tested gives `{ UnitId }`). */
async function getResult(this: IExecutePaginationFunctions, requestData: RequestData) {
	const [answer] = await routedRequest(this, requestData);
	const body = requestData.options.body as IDataObject;
	return [{ json: { UnitId: body.UnitId, ...(answer?.json ?? {}) } }];
}

export const getResultOperation: INodePropertyOptions = {
	name: 'Get Result',
	value: 'getResult',
	action: 'Get the latest speed test result of a device',
	description:
		'The latest network speed test result of a device: Submission Time (GMT), Ping, Download, Upload, ISP, Wireless Quality…',
	routing: operationRouting('GetSpeedTestResult', { prepare: [resolveDeviceId], handler: getResult }),
};


export const getResultFields: INodeProperties[] = [deviceIdLocator(showFor('speedTest', ['getResult']))];
