const { runNode } = require('../helpers/engine');
const { useSandbox, unitId, rl } = require('../helpers/sandbox');

const ctx = useSandbox({ devices: 5 });
const run = (parameters, extra = {}) => runNode({ sandbox: ctx.api, parameters, ...extra });
const requests = (path) => ctx.sandbox.control.requestsTo(path);
const paths = () => ctx.sandbox.control.requests.map((r) => r.path);
const chartIdOf = (name) => ctx.sandbox.fleet.charts.find((c) => c.Name === name).ChartId;
const TIMESTAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;

describe('chart.getAll', () => {
	test('lists charts with Name and ChartId, with Limit', async () => {
		const { items, error } = await run({ resource: 'chart', operation: 'getAll', limit: 2 });
		expect(error).toBeUndefined();
		expect(paths()).toEqual(['ListChart']);
		expect(items).toEqual(
			ctx.sandbox.fleet.charts.slice(0, 2).map((c) => ({ json: { Name: c.Name, ChartId: c.ChartId }, pairedItem: { item: 0 } })),
		);
		const all = await run({ resource: 'chart', operation: 'getAll', returnAll: true });
		expect(all.json).toHaveLength(3);
	});
});

describe('chart.getHistory', () => {
	test('a chart picked from the list is resolved by name; one item per row with a numeric Value', async () => {
		const { items, error } = await run({
			resource: 'chart',
			operation: 'getHistory',
			chartId: rl('list', 'CPU Temperature'),
			deviceId: rl('id', unitId(1)),
			hours: 2,
		});
		expect(error).toBeUndefined();
		expect(paths()).toEqual(['ListChart', 'ChartHistory']);
		expect(requests('ChartHistory')[0].body).toEqual({ UnitId: unitId(1), ChartId: chartIdOf('CPU Temperature'), Hour: 2 });
		expect(items).toHaveLength(24);
		for (const item of items) {
			expect(Object.keys(item.json)).toEqual(['Timestamp', 'Value']);
			expect(item.json.Timestamp).toMatch(TIMESTAMP);
			expect(typeof item.json.Value).toBe('number');
			expect(item.pairedItem).toEqual({ item: 0 });
		}
	});

	test('by ID sends the ChartId as given, without a chart look-up', async () => {
		const id = chartIdOf('Disk Usage');
		const { json } = await run({ resource: 'chart', operation: 'getHistory', chartId: rl('id', id), deviceId: unitId(1), hours: 1 });
		expect(paths()).toEqual(['ChartHistory']);
		expect(requests('ChartHistory')[0].body.ChartId).toBe(id);
		expect(json).toHaveLength(12);
	});

	test('Output as CSV File gives one binary item with the CSV', async () => {
		const { items, error } = await run({
			resource: 'chart', operation: 'getHistory', chartId: rl('name', 'Memory Usage'), deviceId: unitId(2), hours: 1,
			options: { returnCsv: true },
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].json).toEqual({ fileName: 'ChartHistory.csv', rows: 12 });
		expect(items[0].pairedItem).toEqual({ item: 0 });
		const binary = items[0].binary.data;
		expect(binary).toMatchObject({ fileName: 'ChartHistory.csv', mimeType: 'text/csv' });
		const lines = Buffer.from(binary.data, 'base64').toString().trimEnd().split('\n');
		expect(lines[0]).toBe('Timestamp,Value');
		expect(lines).toHaveLength(13);
	});

	test('no chart of that name, and Hours that is not a positive whole number, are clear errors', async () => {
		const missing = await run({ resource: 'chart', operation: 'getHistory', chartId: rl('name', 'Nope'), deviceId: unitId(1), hours: 1 });
		expect(missing.error.message).toBe('No chart is named "Nope"');
		expect(missing.error.description).toMatch('CPU Temperature');
		expect(paths()).toEqual(['ListChart']);
		for (const hours of [0, 1.5, -3]) {
			ctx.sandbox.control.clearRequests();
			const { error } = await run({ resource: 'chart', operation: 'getHistory', chartId: rl('id', 'abc'), deviceId: unitId(1), hours });
			expect(error.message).toBe('The parameter "Hours" must be a whole number from 1 to 8760');
			expect(ctx.sandbox.control.requests).toHaveLength(0);
		}
	});

	test('a malformed CSV answer is a NodeApiError and no items', async () => {
		ctx.sandbox.control.injectFaults({ path: 'ChartHistory', malformed: true });
		const { error, items } = await run({ resource: 'chart', operation: 'getHistory', chartId: rl('id', chartIdOf('Disk Usage')), deviceId: unitId(1), hours: 1 });
		expect(error.message).toBe('RemoteIoT sent a CSV answer to "ChartHistory" that could not be read');
		expect(error.description).toMatch('The CSV is malformed: ');
		expect(items).toEqual([]);
	});
});

describe('chart.getHistoryMulti', () => {
	test('sends Unit, ChartId and Hour; one item per row with UnitId', async () => {
		const { json, error } = await run({
			resource: 'chart', operation: 'getHistoryMulti', chartId: rl('name', 'CPU Temperature'), deviceIds: `${unitId(1)},${unitId(3)}`, hours: 3,
		});
		expect(error).toBeUndefined();
		expect(requests('ChartHistoryMulti').map((r) => r.body)).toEqual([
			{ ChartId: chartIdOf('CPU Temperature'), Hour: 3, Unit: [{ UnitId: unitId(1) }, { UnitId: unitId(3) }] },
		]);
		expect(json).toHaveLength(6);
		expect(json[0]).toEqual({ UnitId: unitId(1), Timestamp: expect.stringMatching(TIMESTAMP), Value: expect.any(Number) });
	});

	test('empty Device IDs means every device (one device list)', async () => {
		const { json } = await run({ resource: 'chart', operation: 'getHistoryMulti', chartId: rl('name', 'CPU Temperature'), deviceIds: '', hours: 1 });
		expect(requests('device')).toHaveLength(1);
		expect(requests('ChartHistoryMulti')[0].body.Unit).toHaveLength(5);
		expect(json).toHaveLength(5);
	});

	test('unknown chart ID: 404', async () => {
		const { error } = await run({ resource: 'chart', operation: 'getHistoryMulti', chartId: rl('id', 'ffff'), deviceIds: unitId(1), hours: 1 });
		expect(error.httpCode).toBe('404');
	});
});

describe('chart.rotateIds', () => {
	test('rotates and outputs the new chart list; pick-by-name keeps working, old IDs do not', async () => {
		const oldId = chartIdOf('CPU Temperature');
		const { items, error } = await run({ resource: 'chart', operation: 'rotateIds' });
		expect(error).toBeUndefined();
		expect(paths()).toEqual(['UpdateChartId', 'ListChart']);
		expect(items).toHaveLength(3);
		expect(items.every((i) => i.pairedItem.item === 0)).toBe(true);
		const newId = items.find((i) => i.json.Name === 'CPU Temperature').json.ChartId;
		expect(newId).not.toBe(oldId);
		expect(newId).toBe(chartIdOf('CPU Temperature'));

		const byName = await run({ resource: 'chart', operation: 'getHistory', chartId: rl('list', 'CPU Temperature'), deviceId: unitId(1), hours: 1 });
		expect(byName.error).toBeUndefined();
		const byOldId = await run({ resource: 'chart', operation: 'getHistory', chartId: rl('id', oldId), deviceId: unitId(1), hours: 1 });
		expect(byOldId.error.httpCode).toBe('404');
	});
});

describe('searchCharts (the chart picker)', () => {
	const { loadPackage } = require('../helpers/engine');
	/** A minimal load-options context that sends requests to the sandbox with the bearer token. */
	const loadOptionsContext = () => ({
		getNode: () => ({ id: 'n', name: 'RemoteIoT', type: 'n8n-nodes-remoteiot.remoteIot', typeVersion: 1, position: [0, 0], parameters: {} }),
		getWorkflow: () => ({ id: 'wf-search' }),
		getCredentials: async () => ({ accessToken: ctx.api.token, baseUrl: ctx.api.baseUrl }),
		helpers: {
			httpRequestWithAuthentication: async (_type, request) => {
				const res = await fetch(`${request.baseURL}${request.url}`, {
					method: request.method,
					headers: { Authorization: `Bearer ${ctx.api.token}`, 'Content-Type': 'application/json' },
					body: request.body === undefined ? undefined : JSON.stringify(request.body),
				});
				return { statusCode: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
			},
		},
	});

	test('lists charts by name (value = name, resolved at run time), filtered as you type', async () => {
		const loader = await loadPackage();
		const { searchCharts } = loader.nodeTypes.remoteIot.type.methods.listSearch;
		const all = await searchCharts.call(loadOptionsContext());
		expect(all.results).toEqual(
			['CPU Temperature', 'Disk Usage', 'Memory Usage'].map((name) => ({ name, value: name })),
		);
		const filtered = await searchCharts.call(loadOptionsContext(), 'mem');
		expect(filtered.results).toEqual([{ name: 'Memory Usage', value: 'Memory Usage' }]);
		expect(requests('ListChart')).toHaveLength(2);
	});
});

describe('charts sharing a name', () => {
	test('picking by name is refused with an error that says so', async () => {
		const copy = { Name: 'Disk Usage', ChartId: '0123456789abcdef0123456789abcdef' };
		ctx.sandbox.fleet.charts.push(copy);
		try {
			const { error } = await run({ resource: 'chart', operation: 'getHistory', chartId: rl('name', 'Disk Usage'), deviceId: unitId(1), hours: 1 });
			expect(error.message).toBe('2 charts are named "Disk Usage"');
			expect(requests('ChartHistory')).toHaveLength(0);
		} finally {
			ctx.sandbox.fleet.charts.pop();
		}
	});
});
