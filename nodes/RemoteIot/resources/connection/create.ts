import type {
	IDataObject,
	IExecutePaginationFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import { deviceIdLocator, optionsCollection, showFor } from '../../shared/descriptions';
import { resolveDeviceId } from '../../shared/device';
import type { RequestData } from '../../shared/operation';
import { operationRouting } from '../../shared/operation';
import { PORT_RANGE, readNumber } from '../../shared/numbers';
import { routedRequest } from '../../shared/transport';

const show = showFor('connection', ['create']);

/** LocalPort goes out as a string ("22"), Permanent as "true"/"false", as the reference shows them. */
async function checkPort(this: IExecutePaginationFunctions, requestData: RequestData) {
	const body = (requestData.options.body ?? {}) as IDataObject;
	const port = readNumber(
		this.getNode(),
		body.LocalPort,
		{ parameter: 'Local Port', ...PORT_RANGE, hint: 'Use 22 for SSH, 80 for a web page, 3389 for RDP…' },
		this.getItemIndex(),
	);
	body.LocalPort = String(port);
	for (const field of ['LocalHost', 'LimitingAccessIP', 'Host']) {
		if (typeof body[field] === 'string') body[field] = (body[field] as string).trim();
	}
	requestData.options.body = body;
}

async function createConnection(this: IExecutePaginationFunctions, requestData: RequestData) {
	const [answer] = await routedRequest(this, requestData);
	const body = requestData.options.body as IDataObject;
	const json: IDataObject = { UnitId: body.UnitId, LocalPort: body.LocalPort, ...(answer?.json ?? {}) };
	if (body.LocalPort === '22' && json.Host && json.Port !== undefined) {
		json.sshCommand = `ssh -p ${String(json.Port)} <user>@${String(json.Host)}`;
	}
	return [{ json }];
}

export const createOperation: INodePropertyOptions = {
	name: 'Create',
	value: 'create',
	action: 'Open a remote connection (tunnel) to a port of a device',
	description:
		'Open a tunnel to a port of a device (22 for SSH) and get the public host and port to connect to',
	routing: operationRouting('connect', { prepare: [resolveDeviceId, checkPort], handler: createConnection }),
};

export const createFields: INodeProperties[] = [
	deviceIdLocator(show),
	{
		displayName: 'Local Port',
		name: 'localPort',
		type: 'number',
		required: true,
		default: 22,
		typeOptions: { minValue: 1, maxValue: 65535, numberPrecision: 0 },
		description: 'The port on the device to reach, for example 22 for SSH or 80 for a web interface',
		hint: 'The answer carries the public Host and Port; for port 22 also a ready-to-paste sshCommand',
		displayOptions: show,
		routing: { send: { type: 'body', property: 'LocalPort' } },
	},
	{
		...optionsCollection(show),
		options: [
			{
				displayName: 'Global Proxy Host',
				name: 'host',
				type: 'string',
				default: '',
				placeholder: 'proxy8.remoteiot.com',
				description: 'The RemoteIoT proxy server to open the tunnel on (Enterprise accounts only)',
				routing: { send: { type: 'body', property: 'Host' } },
			},
			{
				displayName: 'Limit Access to IP',
				name: 'limitingAccessIp',
				type: 'string',
				default: '',
				placeholder: '203.0.113.7',
				description: 'Only this IP address may use the tunnel (Enterprise accounts only)',
				routing: { send: { type: 'body', property: 'LimitingAccessIP' } },
			},
			{
				displayName: 'Local Host',
				name: 'localHost',
				type: 'string',
				default: '',
				placeholder: '192.168.0.20',
				description:
					'Reach another computer on the device\'s local network instead of the device itself (Enterprise accounts only)',
				routing: { send: { type: 'body', property: 'LocalHost' } },
			},
			{
				displayName: 'Permanent',
				name: 'permanent',
				type: 'boolean',
				default: false,
				description: 'Whether the tunnel stays open until it is deleted (Enterprise accounts only)',
				routing: { send: { type: 'body', property: 'Permanent', value: '={{ $value ? "true" : "false" }}' } },
			},
		],
	},
];
