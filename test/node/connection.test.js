const { runNode } = require('../helpers/engine');
const { useSandbox, unitId, rl } = require('../helpers/sandbox');

const ctx = useSandbox({ devices: 10 });
const run = (parameters, extra = {}) => runNode({ sandbox: ctx.api, parameters, ...extra });
const requests = (path) => ctx.sandbox.control.requestsTo(path);

describe('connection.create', () => {
	test('sends LocalPort as a string, outputs Host/Port and an ssh hint for port 22', async () => {
		const { items, error } = await run({
			resource: 'connection',
			operation: 'create',
			deviceId: rl('id', unitId(1)),
			localPort: 22,
		});
		expect(error).toBeUndefined();
		expect(requests('connect').map((r) => r.body)).toEqual([{ UnitId: unitId(1), LocalPort: '22' }]);
		const conn = ctx.sandbox.fleet.connections.at(-1);
		expect(items).toEqual([
			{
				json: {
					UnitId: unitId(1),
					LocalPort: '22',
					Host: conn.Host,
					Port: Number(conn.Port),
					sshCommand: `ssh -p ${conn.Port} <user>@${conn.Host}`,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('options go out as the reference shows them (Permanent "true", LimitingAccessIP, LocalHost, Host); no ssh hint for port 80', async () => {
		const { json, error } = await run({
			resource: 'connection',
			operation: 'create',
			deviceId: rl('name', 'Raspberry pi 00003'),
			localPort: 80,
			options: { permanent: true, localHost: '192.168.0.20', limitingAccessIp: '203.0.113.7', host: 'proxy8.remoteiot.com' },
		});
		expect(error).toBeUndefined();
		expect(requests('connect').map((r) => r.body)).toEqual([
			{
				UnitId: unitId(2),
				LocalPort: '80',
				Permanent: 'true',
				LocalHost: '192.168.0.20',
				LimitingAccessIP: '203.0.113.7',
				Host: 'proxy8.remoteiot.com',
			},
		]);
		expect(json[0]).toEqual({ UnitId: unitId(2), LocalPort: '80', Host: 'proxy8.remoteiot.com', Port: expect.any(Number) });
	});

	test('Permanent false is sent as "false"', async () => {
		await run({ resource: 'connection', operation: 'create', deviceId: unitId(1), localPort: 22, options: { permanent: false } });
		expect(requests('connect')[0].body).toEqual({ UnitId: unitId(1), LocalPort: '22', Permanent: 'false' });
	});

	test('unknown device: 404 error naming the device', async () => {
		const { error } = await run({ resource: 'connection', operation: 'create', deviceId: rl('id', '0000000099999999'), localPort: 22 });
		expect(error.httpCode).toBe('404');
		expect(error.description).toMatch('0000000099999999');
	});

	test('an invalid local port is refused before any request', async () => {
		const { error } = await run({ resource: 'connection', operation: 'create', deviceId: unitId(1), localPort: 70000 });
		expect(error.message).toMatch('Local Port');
		expect(ctx.sandbox.control.requests).toHaveLength(0);
	});
});

describe('connection.getAll and delete', () => {
	beforeAll(async () => {
		ctx.sandbox.fleet.connections.length = 0;
		for (const i of [4, 5, 6]) ctx.sandbox.fleet.addConnection({ UnitId: unitId(i), LocalPort: '22' });
	});

	test('getAll lists open connections with Limit', async () => {
		const { items, error } = await run({ resource: 'connection', operation: 'getAll', limit: 2 });
		expect(error).toBeUndefined();
		expect(requests('ListConnection')).toHaveLength(1);
		expect(items).toHaveLength(2);
		expect(items[0]).toEqual({
			json: { Name: 'Raspberry pi 00005', UnitId: unitId(4), LocalPort: '22', LocalHost: '', Host: 'proxy7.remoteiot.com', Port: expect.any(String) },
			pairedItem: { item: 0 },
		});
	});

	test('getAll with Return All', async () => {
		const { json } = await run({ resource: 'connection', operation: 'getAll', returnAll: true });
		expect(json.map((c) => c.UnitId)).toEqual([unitId(4), unitId(5), unitId(6)]);
	});

	test('delete sends Port as a string and echoes UnitId and Port', async () => {
		const port = ctx.sandbox.fleet.connections.find((c) => c.UnitId === unitId(5)).Port;
		const { items, error } = await run({ resource: 'connection', operation: 'delete', deviceId: rl('id', unitId(5)), port: Number(port) });
		expect(error).toBeUndefined();
		expect(requests('DeleteConnection').map((r) => r.body)).toEqual([{ UnitId: unitId(5), Port: String(port) }]);
		expect(items).toEqual([{ json: { success: true, UnitId: unitId(5), Port: String(port) }, pairedItem: { item: 0 } }]);
		expect(ctx.sandbox.fleet.connections.some((c) => c.Port === port)).toBe(false);
	});

	test('delete of an unknown connection is a 404', async () => {
		const { error } = await run({ resource: 'connection', operation: 'delete', deviceId: unitId(5), port: 1 });
		expect(error.httpCode).toBe('404');
	});

	test('delete with the Port left at its (empty) default is refused before any request, naming the parameter', async () => {
		const { error } = await run({ resource: 'connection', operation: 'delete', deviceId: rl('id', unitId(5)) });
		expect(error.message).toMatch(/^The parameter "Port" must be a whole number from 1 to 65535/);
		expect(ctx.sandbox.control.requests).toHaveLength(0);
	});

	test('delete without a port is refused before any request', async () => {
		const { error } = await run({ resource: 'connection', operation: 'delete', deviceId: unitId(5), port: 0 });
		expect(error.message).toMatch('"Port"');
		expect(ctx.sandbox.control.requests).toHaveLength(0);
	});
});
