'use strict';
const { startSandbox } = require('./helpers');
const { parseMultipart, getBoundary } = require('../../sandbox/multipart');

let ctx;
beforeAll(async () => {
	ctx = await startSandbox({ devices: 10 });
});
afterAll(() => ctx.sandbox.stop());

function form({ file = true, data, binary } = {}) {
	const fd = new FormData();
	if (file) fd.append('File', new Blob([binary || 'hello\nworld\n'], { type: 'text/plain' }), 'test.txt');
	if (data !== undefined) fd.append('Data', typeof data === 'string' ? data : JSON.stringify(data));
	return fd;
}
const upload = (fd, auth = ctx.token) =>
	fetch(`${ctx.baseUrl}/FileUpload`, { method: 'POST', headers: { Authorization: `Bearer ${auth}` }, body: fd });

const DATA = { Folder: '/tmp/', IsAll: 'false', Group: '', Unit: [{ UnitId: '0000000088880001' }, { UnitId: '0000000088880002' }], ExecuteTime: '2023-01-12 08:01:37', PreScript: '', AfterScript: '' };

test('records the uploaded file and Data', async () => {
	const res = await upload(form({ data: DATA }));
	expect(res.status).toBe(200);
	expect(await res.text()).toBe('');
	const up = ctx.sandbox.fleet.uploads.at(-1);
	expect(up).toMatchObject({ filename: 'test.txt', contentType: 'text/plain', size: 12, data: DATA });
	expect(up.content.toString()).toBe('hello\nworld\n');
	const [req] = ctx.sandbox.control.requestsTo('FileUpload').slice(-1);
	expect(req.body.fields.Data).toEqual(DATA);
	expect(req.body.files[0]).toMatchObject({ name: 'File', filename: 'test.txt', contentType: 'text/plain' });
	expect(req.status).toBe(200);
});

test('binary-safe', async () => {
	const bytes = new Uint8Array(4096);
	for (let k = 0; k < bytes.length; k++) bytes[k] = (k * 31) & 0xff;
	bytes.set(Buffer.from('\r\n--not-the-boundary\r\n'), 100);
	const res = await upload(form({ data: { ...DATA, IsAll: true }, binary: bytes }));
	expect(res.status).toBe(200);
	expect(Buffer.compare(ctx.sandbox.fleet.uploads.at(-1).content, Buffer.from(bytes))).toBe(0);
});

test('Group or IsAll are valid targets', async () => {
	expect((await upload(form({ data: { Folder: '/tmp/', IsAll: 'false', Group: 'Group01', Unit: [] } }))).status).toBe(200);
	expect((await upload(form({ data: { Folder: '/tmp/', IsAll: 'true' } }))).status).toBe(200);
});

test('400 on missing File, missing Data, invalid JSON, no target, not multipart', async () => {
	expect((await upload(form({ file: false, data: DATA }))).status).toBe(400);
	expect((await upload(form({}))).status).toBe(400);
	expect((await upload(form({ data: '{"Folder":' }))).status).toBe(400);
	expect((await upload(form({ data: { Folder: '/tmp/', IsAll: 'false', Group: '', Unit: [] } }))).status).toBe(400);
	expect((await ctx.call('FileUpload', { Folder: '/tmp/' })).status).toBe(400);
	expect((await upload(form({ data: DATA }), 'wrong')).status).toBe(401);
});

test('parser: quoted boundary and field names', () => {
	expect(getBoundary('multipart/form-data; boundary="abc def"')).toBe('abc def');
	expect(getBoundary('application/json')).toBeNull();
	const body = Buffer.from('--b\r\nContent-Disposition: form-data; name="Data"\r\n\r\n{}\r\n--b\r\nContent-Disposition: form-data; name="File"; filename="a.bin"\r\nContent-Type: application/octet-stream\r\n\r\n\x00\x01\r\n--b--\r\n', 'latin1');
	const parts = parseMultipart(body, 'b');
	expect(parts.map((p) => [p.name, p.filename])).toEqual([['Data', undefined], ['File', 'a.bin']]);
	expect([...parts[1].content]).toEqual([0, 1]);
	expect(() => parseMultipart(Buffer.from('--b\r\nContent-Disposition: form-data; name="x"\r\n\r\nno end'), 'b')).toThrow();
});
