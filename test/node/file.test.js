const { runNode } = require('../helpers/engine');
const { useSandbox, unitId, rl } = require('../helpers/sandbox');

const ctx = useSandbox({ devices: 5 });
const run = (parameters, extra = {}) => runNode({ sandbox: ctx.api, parameters, ...extra });
const requests = (path) => ctx.sandbox.control.requestsTo(path);

const fileItem = (text = 'hi', extra = {}) => ({
	json: {},
	binary: { data: { data: Buffer.from(text).toString('base64'), mimeType: 'text/plain', fileName: 'hello.txt', ...extra } },
});

describe('file.write', () => {
	test('sends UnitId, JobName, Filename, Content and echoes the identifying inputs', async () => {
		const { items, error } = await run({
			resource: 'file',
			operation: 'write',
			deviceId: rl('id', unitId(1)),
			jobName: 'Write config',
			filePath: '/tmp/test.sh',
			content: 'echo hi\n',
		});
		expect(error).toBeUndefined();
		expect(requests('UpdateFile').map((r) => r.body)).toEqual([
			{ UnitId: unitId(1), JobName: 'Write config', Filename: '/tmp/test.sh', Content: 'echo hi\n' },
		]);
		expect(items).toEqual([
			{ json: { success: true, UnitId: unitId(1), JobName: 'Write config', Filename: '/tmp/test.sh' }, pairedItem: { item: 0 } },
		]);
		expect(ctx.sandbox.fleet.getFile(unitId(1), '/tmp/test.sh')).toBe('echo hi\n');
	});

	test('Execute Time is sent in GMT', async () => {
		const { json } = await run(
			{ resource: 'file', operation: 'write', deviceId: unitId(1), jobName: 'J', filePath: '/tmp/a', content: 'x', options: { executeTime: '2030-01-15T12:30:00' } },
			{ timezone: 'America/New_York' },
		);
		expect(requests('UpdateFile')[0].body.ExecuteTime).toBe('2030-01-15 17:30:00');
		expect(json[0].ExecuteTime).toBe('2030-01-15 17:30:00');
	});

	test('unknown device: 404', async () => {
		const { error } = await run({ resource: 'file', operation: 'write', deviceId: '0000000099999999', jobName: 'J', filePath: '/tmp/a', content: 'x' });
		expect(error.httpCode).toBe('404');
	});
});

describe('file.upload', () => {
	test('multipart: File part with name and type, Data JSON as the reference shows it', async () => {
		const { items, error } = await run(
			{
				resource: 'file',
				operation: 'upload',
				binaryPropertyName: 'data',
				folder: '/tmp/',
				target: 'devices',
				deviceIds: `${unitId(1)},${unitId(2)}`,
				options: { preScript: 'pre.sh', afterScript: 'after.sh', executeTime: '2030-01-12T08:01:37' },
			},
			{ items: [fileItem('hello\nworld\n')] },
		);
		expect(error).toBeUndefined();
		const [request] = requests('FileUpload');
		expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
		expect(request.body.files).toHaveLength(1);
		expect(request.body.files[0]).toMatchObject({ name: 'File', filename: 'hello.txt', contentType: 'text/plain' });
		expect(request.body.files[0].content.toString()).toBe('hello\nworld\n');
		expect(Object.keys(request.body.fields)).toEqual(['Data']);
		expect(request.body.fields.Data).toEqual({
			Folder: '/tmp/',
			IsAll: 'false',
			Group: '',
			Unit: [{ UnitId: unitId(1) }, { UnitId: unitId(2) }],
			ExecuteTime: '2030-01-12 08:01:37',
			PreScript: 'pre.sh',
			AfterScript: 'after.sh',
		});
		expect(Object.keys(request.body.fields.Data)).toEqual(['Folder', 'IsAll', 'Group', 'Unit', 'ExecuteTime', 'PreScript', 'AfterScript']);
		expect(items).toEqual([
			{
				json: { success: true, Filename: 'hello.txt', Size: 12, Folder: '/tmp/', Target: 'devices', UnitIds: [unitId(1), unitId(2)], ExecuteTime: '2030-01-12 08:01:37' },
				pairedItem: { item: 0 },
			},
		]);
		expect(ctx.sandbox.fleet.uploads.at(-1).content.toString()).toBe('hello\nworld\n');
	});

	test('to a group, and to all devices; another binary property name', async () => {
		const group = await run(
			{ resource: 'file', operation: 'upload', binaryPropertyName: 'data', folder: '/opt/', target: 'group', group: 'Group02' },
			{ items: [fileItem()] },
		);
		expect(group.error).toBeUndefined();
		const all = await run(
			{ resource: 'file', operation: 'upload', binaryPropertyName: 'firmware', folder: '/opt/', target: 'all' },
			{ items: [{ json: {}, binary: { firmware: { data: Buffer.from([0, 1, 2, 255]).toString('base64'), mimeType: 'application/octet-stream', fileName: 'fw.bin' } } }] },
		);
		expect(all.error).toBeUndefined();
		const [toGroup, toAll] = requests('FileUpload');
		expect(toGroup.body.fields.Data).toEqual({ Folder: '/opt/', IsAll: 'false', Group: 'Group02', Unit: [], PreScript: '', AfterScript: '' });
		expect(toAll.body.fields.Data).toEqual({ Folder: '/opt/', IsAll: 'true', Group: '', Unit: [], PreScript: '', AfterScript: '' });
		expect(toAll.body.files[0]).toMatchObject({ filename: 'fw.bin', contentType: 'application/octet-stream' });
		expect([...toAll.body.files[0].content]).toEqual([0, 1, 2, 255]);
		expect(group.json[0]).toEqual({ success: true, Filename: 'hello.txt', Size: 2, Folder: '/opt/', Target: 'group', Group: 'Group02' });
		expect(all.json[0]).toEqual({ success: true, Filename: 'fw.bin', Size: 4, Folder: '/opt/', Target: 'all' });
	});

	test('a missing binary property fails naming the parameter, before any request', async () => {
		const { error } = await run(
			{ resource: 'file', operation: 'upload', binaryPropertyName: 'attachment', folder: '/tmp/', target: 'all' },
			{ items: [fileItem()] },
		);
		expect(error.message).toBe('The input item has no binary property "attachment" (parameter "Input Binary Field")');
		expect(error.description).toMatch('data');
		expect(ctx.sandbox.control.requests).toHaveLength(0);
	});

	test('no devices listed: refused before any request', async () => {
		const { error } = await run(
			{ resource: 'file', operation: 'upload', binaryPropertyName: 'data', folder: '/tmp/', target: 'devices', deviceIds: ' ' },
			{ items: [fileItem()] },
		);
		expect(error.message).toMatch('"Device IDs" is empty');
		expect(ctx.sandbox.control.requests).toHaveLength(0);
	});

	test('each input item uploads its own file', async () => {
		const { items } = await run(
			{ resource: 'file', operation: 'upload', binaryPropertyName: 'data', folder: '/tmp/', target: 'all' },
			{ items: [fileItem('one', { fileName: 'a.txt' }), fileItem('three', { fileName: 'b.txt' })] },
		);
		expect(items.map((i) => [i.json.Filename, i.json.Size, i.pairedItem.item])).toEqual([['a.txt', 3, 0], ['b.txt', 5, 1]]);
		expect(requests('FileUpload').map((r) => r.body.files[0].filename).sort()).toEqual(['a.txt', 'b.txt']);
	});
});
