import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { apiRequestList } from '../shared/transport';

const PAGE_SIZE = 100;

/** The device picker: every device by name (filtered as you type), 100 per page. */
export async function searchDevices(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const devices = await apiRequestList(this, 'device', { Group: '' });
	const needle = (filter ?? '').trim().toLowerCase();
	const matching = devices
		.filter(
			(device) =>
				!needle ||
				String(device.Name ?? '').toLowerCase().includes(needle) ||
				String(device.UnitId ?? '').toLowerCase().includes(needle),
		)
		.sort((a, b) => String(a.Name ?? '').localeCompare(String(b.Name ?? '')));
	const start = Number(paginationToken ?? 0) || 0;
	const page = matching.slice(start, start + PAGE_SIZE);
	return {
		results: page.map((device) => ({
			name: `${String(device.Name ?? device.UnitId)}${device.Group ? ` (${String(device.Group)})` : ''}`,
			value: String(device.UnitId),
		})),
		paginationToken: start + PAGE_SIZE < matching.length ? String(start + PAGE_SIZE) : undefined,
	};
}
