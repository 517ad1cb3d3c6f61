import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { apiRequestList } from '../shared/transport';

/**
 * The chart picker: the account's cloud charts by name. The stored value is the chart's name, which is
 * resolved to the current ChartId on every run (IDs change when they are rotated, names do not).
 */
export async function searchCharts(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const charts = await apiRequestList(this, 'ListChart');
	const needle = (filter ?? '').trim().toLowerCase();
	return {
		results: charts
			.filter((chart) => !needle || String(chart.Name ?? '').toLowerCase().includes(needle))
			.sort((a, b) => String(a.Name ?? '').localeCompare(String(b.Name ?? '')))
			.map((chart) => ({ name: String(chart.Name), value: String(chart.Name) })),
	};
}
