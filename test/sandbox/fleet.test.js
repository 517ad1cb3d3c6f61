'use strict';
const path = require('path');
const { spawn } = require('child_process');
const { createFleet } = require('../../sandbox/fleet');
const { createSandbox } = require('../../sandbox/server');
const { startSandbox } = require('./helpers');

describe('fleet', () => {
	test('deterministic from the seed', () => {
		const a = createFleet({ devices: 30, seed: 7 });
		const b = createFleet({ devices: 30, seed: 7 });
		const c = createFleet({ devices: 30, seed: 8 });
		expect(a.listDevices()).toEqual(b.listDevices());
		expect(a.charts).toEqual(b.charts);
		expect(a.latestSpeedTest('0000000088880004')).toEqual(b.latestSpeedTest('0000000088880004'));
		expect(a.listDevices().map((d) => d.Serial)).not.toEqual(c.listDevices().map((d) => d.Serial));
		expect(a.listDevices().map((d) => d.Name)).toEqual(c.listDevices().map((d) => d.Name));
	});

	test('device fields', () => {
		const f = createFleet({ devices: 12 });
		const d = f.getDevice('0000000088880003');
		expect(d).toMatchObject({ Name: 'Raspberry pi 00004', Group: 'Group04', Status: 'Offline', Notes: 'Sensor node 4' });
		expect(f.getDevice('0000000088880010')).toMatchObject({ Group: 'Group01', Status: 'Offline' });
		for (const x of f.listDevices()) {
			expect(x.LastOnlineTime).toMatch(/^\d{8} \d{2}:\d{2}:\d{2}$/);
			expect(x.External_ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
			expect(x.Internal_ip).toMatch(/^192\.168\.\d+\.\d+$/);
			expect(x.Mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
			expect(x.Serial).toMatch(/^[0-9a-f]{16}$/);
		}
		expect(new Set(f.listDevices().map((x) => x.Mac)).size).toBe(12);
		expect([...f.groups].sort()).toEqual(['Group01', 'Group02', 'Group03', 'Group04', 'Group05', 'Group06', 'Group07', 'Group08', 'Group09', 'Group10']);
	});

	test('helpers: addDevice, removeDevice, setStatus, appendLog', () => {
		const f = createFleet({ devices: 3 });
		const d = f.addDevice({ Name: 'Extra', Group: 'New' });
		expect(d.UnitId).toBe('0000000088880003');
		expect(d).toMatchObject({ Name: 'Extra', Group: 'New', Notes: 'Sensor node 4' });
		expect(f.groups.has('New')).toBe(true);
		expect(f.getCustomField(d.UnitId, 'Custom001')).toBe('value-3');
		const e = f.addDevice({ UnitId: 'ABC', Status: 'Online' });
		expect(f.getDevice('ABC')).toBe(e);
		expect(f.latestSpeedTest('ABC')['Submission Time']).toBe('2024-01-01 00:00:00.0');
		expect(() => f.addDevice({ UnitId: 'ABC' })).toThrow();
		expect(f.removeDevice('ABC')).toBe(true);
		expect(f.removeDevice('ABC')).toBe(false);
		expect(f.listDevices()).toHaveLength(4);
		f.setStatus('0000000088880000', 'Offline');
		expect(f.getDevice('0000000088880000').Status).toBe('Offline');
		expect(() => f.setStatus('0000000088880000', 'Sleeping')).toThrow();
		f.appendLog('0000000088880000', 'f', 'x');
		expect(f.readLog('0000000088880000', 'f')).toBe('x');
		expect(f.readLog('0000000088880000', 'f')).toBeNull();
	});

	// How fast seeding and status are is measured by `npm run bench`, never asserted here.
	test('seeds 10,000 devices and answers status for 1000 ids', async () => {
		const f = createFleet({ devices: 10000 });
		expect(f.listDevices()).toHaveLength(10000);
		expect(f.getDevice('0000000088889999').Name).toBe('Raspberry pi 10000');

		const s = await startSandbox({ devices: 10000 });
		const ids = Array.from({ length: 1000 }, (_, k) => ({ UnitId: String(88880000 + k * 10).padStart(16, '0') }));
		const r = await s.call('status', ids);
		expect(r.json).toHaveLength(1000);
		await s.sandbox.stop();
	});
});

describe('cli', () => {
	test('prints the banner and stops on SIGTERM', async () => {
		const child = spawn(process.execPath, [path.join(__dirname, '../../sandbox/cli.js'), '--port', '0', '--devices', '5', '--token', 'cli-token'], {
			env: { ...process.env, SANDBOX_DEVICES: '99' },
		});
		let out = '';
		await new Promise((resolve, reject) => {
			child.stdout.on('data', (d) => {
				out += d;
				if (out.includes('Access token:')) resolve();
			});
			child.once('exit', () => reject(new Error(`exited early: ${out}`)));
		});
		expect(out).toContain('RemoteIoT sandbox listening');
		const baseUrl = /Base URL: (\S+)/.exec(out)[1];
		expect(out).toContain('Access token: cli-token');
		const res = await fetch(`${baseUrl}/device`, { method: 'POST', headers: { Authorization: 'Bearer cli-token' }, body: '{}' });
		expect(await res.json()).toHaveLength(5);
		const code = await new Promise((resolve) => {
			child.removeAllListeners('exit');
			child.once('exit', (c) => resolve(c));
			child.kill('SIGTERM');
		});
		expect(code).toBe(0);
	});

	test('createSandbox exposes token, fleet and control', () => {
		const s = createSandbox({ devices: 2 });
		expect(typeof s.token).toBe('string');
		expect(s.fleet.listDevices()).toHaveLength(2);
		expect(typeof s.control.injectFaults).toBe('function');
	});
});
