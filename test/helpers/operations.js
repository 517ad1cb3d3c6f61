/**
 * One working call of every operation of the RemoteIoT node against a sandbox fleet (devices
 * 0000000088880000…), used by the tests that must cover "every operation".
 */
const unitId = (i) => String(88880000 + i).padStart(16, '0');
const rl = (mode, value) => ({ __rl: true, mode, value });

const fileItem = () => ({
	json: {},
	binary: { data: { data: Buffer.from('echo hello\n').toString('base64'), mimeType: 'text/plain', fileName: 'hello.sh' } },
});

const operations = [
	['device', 'getAll', { limit: 5 }],
	['device', 'search', { name: '^Raspberry pi 0000[1-3]$', returnAll: true }],
	['device', 'rename', { deviceId: rl('id', unitId(1)), name: 'Renamed', description: '' }],
	['device', 'getStatus', { deviceIds: `${unitId(1)},${unitId(2)}` }],
	['device', 'changeGroup', { deviceId: rl('id', unitId(2)), group: 'Group09' }],
	['device', 'delete', { deviceId: rl('id', unitId(9)) }],
	['group', 'create', { name: 'Night shift' }],
	['connection', 'create', { deviceId: rl('id', unitId(3)), localPort: 22 }],
	['connection', 'getAll', { returnAll: true }],
	['connection', 'delete', { deviceId: rl('id', unitId(3)), port: 23401 }],
	['log', 'getNew', { deviceId: rl('id', unitId(1)), file: 'System error' }],
	['customField', 'get', { customField: 'Custom001', deviceIds: `${unitId(1)},${unitId(2)}` }],
	['customField', 'update', { customField: 'Custom001', deviceId: rl('id', unitId(1)), value: 'v2' }],
	['speedTest', 'submit', { deviceId: rl('id', unitId(1)) }],
	['speedTest', 'getResult', { deviceId: rl('id', unitId(1)) }],
	['job', 'create', { deviceId: rl('id', unitId(1)), jobName: 'Uptime', commandType: 'command', command: 'uptime' }],
	['job', 'getAll', { deviceId: rl('id', ''), returnAll: true }],
	['job', 'deleteAll', { deviceId: rl('id', unitId(1)) }],
	['file', 'write', { deviceId: rl('id', unitId(1)), jobName: 'Write', filePath: '/tmp/a.sh', content: 'ls' }],
	['file', 'upload', { binaryPropertyName: 'data', folder: '/tmp/', target: 'group', group: 'Group01' }, { items: [fileItem()] }],
	['chart', 'getAll', { returnAll: true }],
	['chart', 'rotateIds', {}],
	['chart', 'getHistory', { chartId: rl('list', 'CPU Temperature'), deviceId: rl('id', unitId(1)), hours: 1 }],
	['chart', 'getHistoryMulti', { chartId: rl('name', 'Memory Usage'), deviceIds: `${unitId(1)},${unitId(2)}`, hours: 1 }],
	['metric', 'getDeviceUptime', { deviceIds: unitId(1), hours: 2 }],
	['metric', 'getNetworkUptime', { deviceIds: unitId(1), hours: 2 }],
	['metric', 'getNetworkIn', { deviceIds: unitId(1), hours: 2 }],
	['metric', 'getNetworkOut', { deviceIds: unitId(1), hours: 2 }],
].map(([resource, operation, parameters, extra = {}]) => ({
	name: `${resource}.${operation}`,
	parameters: { resource, operation, ...parameters },
	...extra,
}));

module.exports = { operations, unitId, rl, fileItem };
