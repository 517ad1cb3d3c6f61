/** Unit tests of the CSV reader of the history and metric endpoints (built, from dist/). */
const { parseCsv, csvToObjects, mergeCsv, toCsv, CsvError } = require('../../dist/nodes/RemoteIot/shared/csv');

describe('parseCsv', () => {
	test('the reference example', () => {
		const text = 'UnitId,Timestamp,Value\n0000000088888881,2020-12-27 05:25:00,188660\n0000000088888882,2020-12-27 05:35:00,188668\n';
		const table = parseCsv(text);
		expect(table.header).toEqual(['UnitId', 'Timestamp', 'Value']);
		expect(csvToObjects(table)).toEqual([
			{ UnitId: '0000000088888881', Timestamp: '2020-12-27 05:25:00', Value: 188660 },
			{ UnitId: '0000000088888882', Timestamp: '2020-12-27 05:35:00', Value: 188668 },
		]);
	});

	test('CRLF, a BOM, trailing newlines and no final newline', () => {
		expect(csvToObjects(parseCsv('\ufeffTimestamp,Value\r\n2020-12-27 05:25:00,1.5\r\n\r\n\n'))).toEqual([{ Timestamp: '2020-12-27 05:25:00', Value: 1.5 }]);
		expect(csvToObjects(parseCsv('Timestamp,Value\n2020-12-27 05:25:00,-2'))).toEqual([{ Timestamp: '2020-12-27 05:25:00', Value: -2 }]);
	});

	test('quoted fields with commas, doubled quotes and line breaks', () => {
		const table = parseCsv('UnitId,Timestamp,Value\r\n"a,b","say ""hi""\r\nthere","7"\r\n');
		expect(csvToObjects(table)).toEqual([{ UnitId: 'a,b', Timestamp: 'say "hi"\r\nthere', Value: 7 }]);
	});

	test('header only, and an empty body, give no rows', () => {
		expect(parseCsv('UnitId,Timestamp,Value\n')).toEqual({ header: ['UnitId', 'Timestamp', 'Value'], rows: [] });
		expect(parseCsv('')).toEqual({ header: [], rows: [] });
		expect(csvToObjects(parseCsv('Timestamp,Value\r\n'))).toEqual([]);
	});

	test('an empty Value becomes null', () => {
		expect(csvToObjects(parseCsv('Timestamp,Value\nt1,\n'))).toEqual([{ Timestamp: 't1', Value: null }]);
	});

	test.each([
		['UnitId,Timestamp,Value\n0000000088880000,2026-11-25 08:00:00,100,EXTRA\n', /line 2 has 4 field/],
		['UnitId,Timestamp,Value\n0000000088880001,"2026-11-25 09:00:00,100\n', /never closed/],
		['Timestamp,Value\nt1\n', /line 2 has 1 field/],
		['Timestamp,Value\n"t1"x,1\n', /after a closing quote/],
		['Timestamp,Value\nt"1,1\n', /stray quote/],
		['Timestamp,,Value\n', /empty column name/],
		['Value,Value\n1,2\n', /twice/],
		['Timestamp,Value\nt1,abc\n', /numeric column Value/],
		['[{"UnitId":"00000000888', /./],
	])('malformed %p is refused as a whole', (text, message) => {
		expect(() => csvToObjects(parseCsv(text))).toThrow(CsvError);
		expect(() => csvToObjects(parseCsv(text))).toThrow(message);
	});
});

describe('mergeCsv and toCsv', () => {
	test('batches merge under one header; text is re-quoted', () => {
		const merged = mergeCsv([parseCsv('UnitId,Value\na,1\n'), parseCsv('UnitId,Value\n'), parseCsv('UnitId,Value\r\n"b,c",2\r\n'), parseCsv('')]);
		expect(merged).toEqual({ header: ['UnitId', 'Value'], rows: [['a', '1'], ['b,c', '2']] });
		expect(toCsv(merged)).toBe('UnitId,Value\na,1\n"b,c",2\n');
		expect(toCsv({ header: [], rows: [] })).toBe('');
	});

	test('different headers are refused', () => {
		expect(() => mergeCsv([parseCsv('A,Value\n'), parseCsv('B,Value\n')])).toThrow(CsvError);
	});
});
