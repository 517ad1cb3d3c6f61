'use strict';
const { startSandbox, csvRows } = require('./helpers');

let ctx;
beforeAll(async () => {
	ctx = await startSandbox({ devices: 50 });
});
afterAll(() => ctx.sandbox.stop());

const ID0 = '0000000088880000';
const ID3 = '0000000088880003';

describe('device', () => {
	test('lists every device in fleet order with the reference fields', async () => {
		const r = await ctx.call('device', { Group: '' });
		expect(r.status).toBe(200);
		expect(r.json).toHaveLength(50);
		expect(Object.keys(r.json[0])).toEqual(['UnitId', 'External_ip', 'Internal_ip', 'Mac', 'Notes', 'Group', 'Name', 'Serial']);
		expect(r.json[0]).toMatchObject({ UnitId: ID0, Name: 'Raspberry pi 00001', Group: 'Group01', Notes: 'Sensor node 1' });
		expect(r.json[49].UnitId).toBe('0000000088880049');
		expect((await ctx.call('device', {})).json).toHaveLength(50);
	});

	test('filters by group', async () => {
		const r = await ctx.call('device', { Group: 'Group03' });
		expect(r.json).toHaveLength(5);
		expect(r.json.every((d) => d.Group === 'Group03')).toBe(true);
		expect((await ctx.call('device', { Group: 'Nope' })).json).toEqual([]);
	});
});

describe('GetDevice', () => {
	test('regular expression with find semantics and reference field names', async () => {
		const r = await ctx.call('GetDevice', { Name: 'pi 0001[0-2]' });
		expect(r.json.map((d) => d.Name)).toEqual(['Raspberry pi 00010', 'Raspberry pi 00011', 'Raspberry pi 00012']);
		expect(Object.keys(r.json[0])).toEqual(['UnitId', 'External IP', 'Internal IP', 'MAC Address', 'Description', 'Group', 'Name', 'Serial']);
		expect(r.json[0].Description).toBe('Sensor node 10');
	});
	test('anchored and (?i)', async () => {
		expect((await ctx.call('GetDevice', { Name: '^Raspberry pi 00001$' })).json).toHaveLength(1);
		expect((await ctx.call('GetDevice', { Name: '^raspberry PI 00001$' })).json).toHaveLength(0);
		expect((await ctx.call('GetDevice', { Name: '(?i)^raspberry PI 00001$' })).json).toHaveLength(1);
	});
	test('invalid pattern or missing Name → 400', async () => {
		const r = await ctx.call('GetDevice', { Name: '([' });
		expect(r.status).toBe(400);
		expect(r.json).toMatchObject({ status: 400, message: 'Bad Request – Your request sucks.' });
		expect((await ctx.call('GetDevice', {})).status).toBe(400);
	});
});

describe('rename', () => {
	test('renames; absent Description keeps, empty string sets', async () => {
		const id = '0000000088880020';
		let r = await ctx.call('rename', { UnitId: id, Name: 'Kitchen', Description: 'Fridge' });
		expect(r.status).toBe(200);
		expect(r.text).toBe('');
		expect(ctx.sandbox.fleet.getDevice(id)).toMatchObject({ Name: 'Kitchen', Notes: 'Fridge' });
		await ctx.call('rename', { UnitId: id, Name: 'Kitchen 2' });
		expect(ctx.sandbox.fleet.getDevice(id)).toMatchObject({ Name: 'Kitchen 2', Notes: 'Fridge' });
		await ctx.call('rename', { UnitId: id, Name: 'Kitchen 3', Description: '' });
		expect(ctx.sandbox.fleet.getDevice(id)).toMatchObject({ Name: 'Kitchen 3', Notes: '' });
	});
	test('404 unknown device, 400 missing Name', async () => {
		const r = await ctx.call('rename', { UnitId: '0000000099999999', Name: 'x' });
		expect(r.status).toBe(404);
		expect(r.json).toEqual({ status: 404, message: 'Not Found – The specified request or data could not be found.', detail: 'Device 0000000099999999 not found' });
		expect((await ctx.call('rename', { UnitId: ID0 })).status).toBe(400);
	});
});

describe('status', () => {
	test('request order, unknown omitted', async () => {
		const r = await ctx.call('status', [{ UnitId: ID3 }, { UnitId: 'nope' }, { UnitId: ID0 }]);
		expect(r.json).toEqual([
			{ UnitId: ID3, LastOnlineTime: expect.stringMatching(/^\d{8} \d{2}:\d{2}:\d{2}$/), Status: 'Offline' },
			{ UnitId: ID0, LastOnlineTime: '20261125 08:00:00', Status: 'Online' },
		]);
	});
	test('not an array / more than 1000 → 400', async () => {
		expect((await ctx.call('status', { UnitId: ID0 })).status).toBe(400);
		const many = Array.from({ length: 1001 }, () => ({ UnitId: ID0 }));
		expect((await ctx.call('status', many)).status).toBe(400);
		expect((await ctx.call('status', many.slice(0, 1000))).json).toHaveLength(1000);
	});
	test('setStatus helper is visible', async () => {
		ctx.sandbox.fleet.setStatus(ID3, 'Online');
		const [s] = (await ctx.call('status', [{ UnitId: ID3 }])).json;
		expect(s.Status).toBe('Online');
		expect(s.LastOnlineTime).not.toBe('20261125 08:00:00');
		ctx.sandbox.fleet.setStatus(ID3, 'Offline');
	});
});

describe('connections', () => {
	test('connect, list, delete', async () => {
		const a = await ctx.call('connect', { UnitId: ID0, LocalPort: '22', Permanent: 'true', LocalHost: '', LimitingAccessIP: '' });
		expect(a.json).toEqual({ Host: 'proxy7.remoteiot.com', Port: 23401 });
		const b = await ctx.call('connect', { UnitId: '0000000088880001', LocalPort: '80', LocalHost: '10.0.0.5' });
		expect(b.json.Port).toBe(23402);
		const list = (await ctx.call('ListConnection')).json;
		expect(list).toEqual([
			{ Name: 'Raspberry pi 00001', UnitId: ID0, LocalPort: '22', LocalHost: '', Host: 'proxy7.remoteiot.com', Port: '23401' },
			{ Name: 'Raspberry pi 00002', UnitId: '0000000088880001', LocalPort: '80', LocalHost: '10.0.0.5', Host: 'proxy7.remoteiot.com', Port: '23402' },
		]);
		expect((await ctx.call('DeleteConnection', { UnitId: ID0, Port: '23401' })).status).toBe(200);
		expect((await ctx.call('DeleteConnection', { UnitId: ID0, Port: '23401' })).status).toBe(404);
		expect((await ctx.call('ListConnection')).json).toHaveLength(1);
		// ports stay unique
		expect((await ctx.call('connect', { UnitId: ID0, LocalPort: '22' })).json.Port).toBe(23403);
	});
	test('errors', async () => {
		expect((await ctx.call('connect', { UnitId: 'nope', LocalPort: '22' })).status).toBe(404);
		expect((await ctx.call('connect', { UnitId: ID0 })).status).toBe(400);
		expect((await ctx.call('connect', { UnitId: ID0, LocalPort: 'ssh' })).status).toBe(400);
	});
});

describe('DeleteDevice', () => {
	test('deletes, then 404', async () => {
		const id = '0000000088880049';
		expect((await ctx.call('DeleteDevice', { UnitId: id })).status).toBe(200);
		expect(ctx.sandbox.fleet.getDevice(id)).toBeUndefined();
		expect((await ctx.call('device', {})).json).toHaveLength(49);
		expect((await ctx.call('DeleteDevice', { UnitId: id })).status).toBe(404);
		ctx.sandbox.fleet.addDevice({ UnitId: id });
	});
});

describe('log', () => {
	test('destructive cursor per UnitId + File', async () => {
		const f = ctx.sandbox.fleet;
		expect((await ctx.call('log', { UnitId: ID0, File: 'System error' })).json).toEqual([]);
		f.appendLog(ID0, 'System error', 'line 1');
		f.appendLog(ID0, 'System error', ['line 2', 'line 3']);
		f.appendLog(ID0, 'Other', 'x');
		expect((await ctx.call('log', { UnitId: ID0, File: 'System error' })).json).toEqual([{ Log: 'line 1\nline 2\nline 3' }]);
		expect((await ctx.call('log', { UnitId: ID0, File: 'System error' })).json).toEqual([]);
		f.appendLog(ID0, 'System error', 'line 4');
		expect((await ctx.call('log', { UnitId: ID0, File: 'System error' })).json).toEqual([{ Log: 'line 4' }]);
		expect((await ctx.call('log', { UnitId: ID0, File: 'Other' })).json).toEqual([{ Log: 'x' }]);
	});
	test('errors', async () => {
		expect((await ctx.call('log', { UnitId: 'nope', File: 'x' })).status).toBe(404);
		expect((await ctx.call('log', { UnitId: ID0 })).status).toBe(400);
	});
});

describe('groups', () => {
	test('ChangeGroup and AddGroup', async () => {
		expect((await ctx.call('ChangeGroup', { UnitId: '0000000088880010', Group: 'Lab' })).status).toBe(200);
		expect((await ctx.call('device', { Group: 'Lab' })).json.map((d) => d.UnitId)).toEqual(['0000000088880010']);
		expect(ctx.sandbox.fleet.groups.has('Lab')).toBe(true);
		expect((await ctx.call('ChangeGroup', { UnitId: 'nope', Group: 'Lab' })).status).toBe(404);
		expect((await ctx.call('AddGroup', { Group: 'Empty group' })).status).toBe(200);
		expect(ctx.sandbox.fleet.groups.has('Empty group')).toBe(true);
		expect((await ctx.call('AddGroup', { Group: '' })).status).toBe(400);
	});
});

describe('custom fields', () => {
	test('seeded values, update, unset and unknown', async () => {
		const r = await ctx.call('CustomField', { CustomField: 'Custom001', Unit: [{ UnitId: '0000000088880002' }, { UnitId: 'nope' }, { UnitId: ID0 }] });
		expect(r.json).toEqual([
			{ UnitId: '0000000088880002', Custom: 'value-2' },
			{ UnitId: ID0, Custom: 'value-0' },
		]);
		expect((await ctx.call('UpdateCustomField', { CustomField: 'Custom001', UnitId: ID0, Value: 'new' })).status).toBe(200);
		expect((await ctx.call('UpdateCustomField', { CustomField: 'Custom002', UnitId: ID0, Value: 'b' })).status).toBe(200);
		expect((await ctx.call('CustomField', { CustomField: 'Custom001', Unit: [{ UnitId: ID0 }] })).json).toEqual([{ UnitId: ID0, Custom: 'new' }]);
		expect((await ctx.call('CustomField', { CustomField: 'Custom002', Unit: [{ UnitId: ID0 }, { UnitId: ID3 }] })).json).toEqual([
			{ UnitId: ID0, Custom: 'b' },
			{ UnitId: ID3, Custom: '' },
		]);
		expect((await ctx.call('UpdateCustomField', { CustomField: 'Custom001', UnitId: 'nope', Value: 'x' })).status).toBe(404);
		const many = Array.from({ length: 1001 }, () => ({ UnitId: ID0 }));
		expect((await ctx.call('CustomField', { CustomField: 'Custom001', Unit: many })).status).toBe(400);
	});
});

describe('charts', () => {
	test('ListChart and UpdateChartId', async () => {
		const before = (await ctx.call('ListChart')).json;
		expect(before.map((c) => c.Name)).toEqual(['CPU Temperature', 'Memory Usage', 'Disk Usage']);
		expect(before.every((c) => /^[0-9a-f]{32}$/.test(c.ChartId))).toBe(true);
		expect((await ctx.call('UpdateChartId')).status).toBe(200);
		const after = (await ctx.call('ListChart')).json;
		after.forEach((c, k) => expect(c.ChartId).not.toBe(before[k].ChartId));
		expect((await ctx.call('ChartHistory', { UnitId: ID0, ChartId: before[0].ChartId, Hour: 1 })).status).toBe(404);
	});

	test('ChartHistory CSV, one row per 5 minutes, deterministic', async () => {
		const [chart] = (await ctx.call('ListChart')).json;
		const r = await ctx.call('ChartHistory', { UnitId: ID0, ChartId: chart.ChartId, Hour: 2 });
		expect(r.status).toBe(200);
		expect(r.headers.get('content-type')).toMatch(/text\/csv/);
		expect(r.text.endsWith('\n')).toBe(true);
		const rows = csvRows(r.text);
		expect(rows[0]).toEqual(['Timestamp', 'Value']);
		expect(rows).toHaveLength(1 + 24);
		for (const [ts, v] of rows.slice(1)) {
			expect(ts).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:00$/);
			expect(v).toMatch(/^\d+$/);
		}
		const t1 = Date.parse(rows[1][0].replace(' ', 'T') + 'Z');
		const t2 = Date.parse(rows[2][0].replace(' ', 'T') + 'Z');
		expect(t2 - t1).toBe(300000);
		const again = await ctx.call('ChartHistory', { UnitId: ID0, ChartId: chart.ChartId, Hour: 2 });
		expect(csvRows(again.text)[5]).toEqual(rows[5]);
	});

	test('ChartHistory errors', async () => {
		const [chart] = (await ctx.call('ListChart')).json;
		expect((await ctx.call('ChartHistory', { UnitId: ID0, ChartId: '0'.repeat(32), Hour: 1 })).status).toBe(404);
		expect((await ctx.call('ChartHistory', { UnitId: 'nope', ChartId: chart.ChartId, Hour: 1 })).status).toBe(404);
		expect((await ctx.call('ChartHistory', { UnitId: ID0, ChartId: chart.ChartId, Hour: 0 })).status).toBe(400);
		expect((await ctx.call('ChartHistory', { UnitId: ID0, ChartId: chart.ChartId, Hour: 1.5 })).status).toBe(400);
	});

	test('ChartHistoryMulti', async () => {
		const [, chart] = (await ctx.call('ListChart')).json;
		const r = await ctx.call('ChartHistoryMulti', { Unit: [{ UnitId: ID0 }, { UnitId: 'nope' }, { UnitId: ID3 }], ChartId: chart.ChartId, Hour: 3 });
		const rows = csvRows(r.text);
		expect(rows[0]).toEqual(['UnitId', 'Timestamp', 'Value']);
		expect(rows).toHaveLength(1 + 6);
		expect(rows.slice(1).map((x) => x[0])).toEqual([ID0, ID0, ID0, ID3, ID3, ID3]);
	});
});

describe('metrics CSV', () => {
	test.each(['DeviceUptime', 'NetworkUptime', 'NetworkIn', 'NetworkOut'])('%s', async (name) => {
		const r = await ctx.call(name, { Unit: [{ UnitId: ID0 }, { UnitId: ID3 }, { UnitId: 'nope' }], Hour: 24 });
		expect(r.status).toBe(200);
		const rows = csvRows(r.text);
		expect(rows[0]).toEqual(['UnitId', 'Timestamp', 'Value']);
		expect(rows).toHaveLength(1 + 48);
		const values = rows.slice(1).map((x) => Number(x[2]));
		expect(values.every(Number.isInteger)).toBe(true);
		if (name.endsWith('Uptime')) expect(values.every((v) => v >= 0 && v <= 100)).toBe(true);
		else expect(values.every((v) => v >= 100000)).toBe(true);
		expect((await ctx.call(name, { Unit: [{ UnitId: 'nope' }], Hour: 24 })).text).toBe('UnitId,Timestamp,Value\n');
		const many = Array.from({ length: 1001 }, () => ({ UnitId: ID0 }));
		expect((await ctx.call(name, { Unit: many, Hour: 1 })).status).toBe(400);
		expect((await ctx.call(name, { Unit: [{ UnitId: ID0 }], Hour: -1 })).status).toBe(400);
	});
});
