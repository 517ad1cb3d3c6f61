/**
 * Bad input, kind by kind (device ID, device ID list, hours, regular expression, execute time, port,
 * binary property, timeout), in its empty, wrong-type, out-of-range and oversized forms: each refused
 * with our NodeOperationError naming the parameter, before any request reaches RemoteIoT.
 * (n8n's declarative engine hands per-item errors on as NodeApiError with the same message and
 * description and no HTTP status: httpCode "none".)
 */
const { runNode } = require('../helpers/engine');
const { useSandbox } = require('../helpers/sandbox');
const { unitId, rl, fileItem } = require('../helpers/operations');

const ctx = useSandbox({ devices: 5 });

const rename = (deviceId) => ({ resource: 'device', operation: 'rename', deviceId, name: 'x' });
const customField = (deviceIds) => ({ resource: 'customField', operation: 'get', customField: 'Custom001', deviceIds });
const uploadTo = (deviceIds) => ({ resource: 'file', operation: 'upload', binaryPropertyName: 'data', folder: '/tmp/', target: 'devices', deviceIds });
const uptime = (hours) => ({ resource: 'metric', operation: 'getDeviceUptime', deviceIds: unitId(1), hours });
const search = (name) => ({ resource: 'device', operation: 'search', name });
const job = (options) => ({ resource: 'job', operation: 'create', deviceId: rl('id', unitId(1)), jobName: 'J', commandType: 'command', command: 'ls', options });
const closePort = (port) => ({ resource: 'connection', operation: 'delete', deviceId: rl('id', unitId(1)), port });
const openPort = (localPort) => ({ resource: 'connection', operation: 'create', deviceId: rl('id', unitId(1)), localPort });
const upload = (binaryPropertyName) => ({ resource: 'file', operation: 'upload', binaryPropertyName, folder: '/tmp/', target: 'all' });

const table = [
	// kind, case, parameters, message
	['device ID', 'empty', rename(rl('id', '={{ "" }}')), /"Device" is empty/],
	['device ID', 'wrong type', rename('={{ { id: 1 } }}'), /"Device" must be a device ID \(a UnitId such as 0000000088888888\), not an object/],
	// Anything on one line of up to 128 characters could be a device name, and is looked up as one (test/node/device.test.js).
	['device ID', 'out of range', rename(rl('id', '={{ "two\\nlines" }}')), /not a valid device ID in "Device": a UnitId is a short code/],
	['device ID', 'oversized', rename(rl('id', '={{ "a".repeat(129) }}')), /not a valid device ID in "Device"/],
	['device IDs', 'empty', uploadTo('={{ "" }}'), /"Device IDs" is empty/],
	['device IDs', 'wrong type', customField('={{ { a: 1 } }}'), /"Device IDs" must be a list of device IDs/],
	['device IDs', 'out of range', customField(`${unitId(1)}, bad id`), /"bad id" is not a valid device ID in "Device IDs"/],
	['device IDs', 'oversized', customField(`={{ "${unitId(1)}," + "b".repeat(100) }}`), /is not a valid device ID in "Device IDs"/],
	['hours', 'empty', uptime('={{ "" }}'), /"Hours" must be a whole number from 1 to 8760/],
	['hours', 'wrong type', uptime('={{ "abc" }}'), /"Hours" must be a whole number/],
	['hours', 'out of range (0)', uptime(0), /"Hours" must be a whole number/],
	['hours', 'out of range (fraction)', uptime(1.5), /"Hours" must be a whole number/],
	['hours', 'out of range (negative)', uptime(-3), /"Hours" must be a whole number/],
	['hours', 'oversized', uptime(100000), /"Hours" must be a whole number from 1 to 8760/],
	['regular expression', 'empty', search('={{ "" }}'), /"Name" is empty/],
	['regular expression', 'wrong type', search('={{ { a: 1 } }}'), /"Name" must be a regular expression/],
	['regular expression', 'out of range', search('^(pi'), /"Name" is not a valid regular expression/],
	['regular expression', 'oversized', search('={{ "a".repeat(1001) }}'), /"Name" is too long/],
	['execute time', 'wrong type', job({ executeTime: '={{ { a: 1 } }}' }), /"Execute Time" is not a valid date and time/],
	['execute time', 'out of range', job({ executeTime: '2026-13-45 10:00:00' }), /"Execute Time" is not a valid date and time/],
	['execute time', 'oversized', job({ executeTime: '={{ 1e20 }}' }), /"Execute Time" is not a valid date and time/],
	['port', 'empty', closePort('={{ "" }}'), /"Port" must be a whole number from 1 to 65535/],
	['port', 'wrong type', closePort('={{ "x" }}'), /"Port" must be a whole number/],
	['port', 'out of range', openPort(70000), /"Local Port" must be a whole number from 1 to 65535/],
	['port', 'oversized', closePort(1e12), /"Port" must be a whole number/],
	['binary property', 'empty', upload('={{ "" }}'), /Input Binary Field/],
	['binary property', 'wrong type', upload('={{ 5 }}'), /no binary property "5"/],
	['binary property', 'out of range (missing)', upload('attachment'), /no binary property "attachment".*Input Binary Field/],
	['timeout', 'empty', job({ waitForCompletion: true, timeout: '={{ "" }}' }), /option "Timeout" must be a number from 1 to 86400/],
	['timeout', 'wrong type', job({ waitForCompletion: true, timeout: '={{ "soon" }}' }), /option "Timeout" must be a number/],
	['timeout', 'out of range', job({ waitForCompletion: true, timeout: -1 }), /option "Timeout" must be a number/],
	['timeout', 'oversized', job({ waitForCompletion: true, timeout: 1e9 }), /option "Timeout" must be a number from 1 to 86400/],
];

test.each(table)('%s, %s: refused before any request', async (_kind, _case, parameters, message) => {
	const { error } = await runNode({ sandbox: ctx.api, parameters, items: [fileItem()] });
	expect(error).toBeDefined();
	expect(error.message).toMatch(message);
	expect(error.description).toBeTruthy();
	expect(error.httpCode).toBe('none');
	expect(ctx.sandbox.control.requests).toEqual([]);
});

test('with continue-on-fail, a refused item becomes an error item paired with it, and the others run', async () => {
	const items = [{ json: { h: 2 } }, { json: { h: 0 } }, { json: { h: 'abc' } }];
	const { items: out, error } = await runNode({
		sandbox: ctx.api,
		parameters: uptime('={{ $json.h }}'),
		items,
		continueOnFail: true,
	});
	expect(error).toBeUndefined();
	const errors = out.filter((item) => item.json.error);
	expect(errors.map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 2 }]);
	expect(errors[0].json.error).toMatch(/"Hours"/);
	expect(out.filter((item) => !item.json.error).every((item) => item.pairedItem.item === 0)).toBe(true);
	expect(ctx.sandbox.control.requestsTo('DeviceUptime')).toHaveLength(1);
});
