import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { apiRequestList } from '../shared/transport';

/** Group suggestions: the groups seen in the device list (RemoteIoT has no endpoint that lists groups). */
export async function getGroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const devices = await apiRequestList(this, 'device', { Group: '' });
	const groups = [...new Set(devices.map((device) => String(device.Group ?? '')).filter(Boolean))].sort();
	return groups.map((group) => ({ name: group, value: group }));
}
