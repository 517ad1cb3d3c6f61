/**
 * The one CSV reader of the package, for RemoteIoT's history and metric endpoints (ChartHistory,
 * ChartHistoryMulti, DeviceUptime, NetworkUptime, NetworkIn, NetworkOut). RFC 4180: quoted fields
 * (with commas, doubled quotes and line breaks inside), CRLF or LF line ends, a byte-order mark,
 * trailing blank lines. Anything else is refused as a whole (CsvError): never half-parsed rows.
 */

export class CsvError extends Error {}

export interface CsvTable {
	header: string[];
	rows: string[][];
}

/** Splits a CSV text into records of fields; throws CsvError for unterminated or stray quotes. */
function records(text: string): Array<{ fields: string[]; line: number }> {
	const out: Array<{ fields: string[]; line: number }> = [];
	let fields: string[] = [];
	let field = '';
	let quoted = false; // inside a quoted field
	let wasQuoted = false; // the current field was a quoted one (only a separator may follow)
	let line = 1;
	let recordLine = 1;
	const endField = () => {
		fields.push(field);
		field = '';
		wasQuoted = false;
	};
	const endRecord = () => {
		endField();
		out.push({ fields, line: recordLine });
		fields = [];
	};
	for (let i = 0; i < text.length; i++) {
		const char = text[i];
		if (quoted) {
			if (char === '"') {
				if (text[i + 1] === '"') {
					field += '"';
					i++;
				} else {
					quoted = false;
					wasQuoted = true;
				}
			} else {
				if (char === '\n') line++;
				field += char;
			}
			continue;
		}
		if (char === ',') {
			endField();
		} else if (char === '\r' || char === '\n') {
			if (char === '\r' && text[i + 1] === '\n') i++;
			endRecord();
			line++;
			recordLine = line;
		} else if (char === '"') {
			if (field !== '' || wasQuoted) throw new CsvError(`a stray quote on line ${line}`);
			quoted = true;
		} else {
			if (wasQuoted) throw new CsvError(`text after a closing quote on line ${line}`);
			field += char;
		}
	}
	if (quoted) throw new CsvError(`a quoted field that starts on line ${recordLine} is never closed`);
	if (field !== '' || wasQuoted || fields.length) endRecord();
	return out;
}

/**
 * Parses a CSV body with a header line. Blank lines (the trailing newline, CRLF leftovers) are skipped;
 * every other line must have as many fields as the header. An empty body gives no header and no rows.
 */
export function parseCsv(text: string): CsvTable {
	const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
	const all = records(body).filter((record) => !(record.fields.length === 1 && record.fields[0] === ''));
	if (!all.length) return { header: [], rows: [] };
	const header = all[0].fields.map((name) => name.trim());
	if (header.some((name) => name === '')) throw new CsvError('the header line has an empty column name');
	if (new Set(header).size !== header.length) throw new CsvError('the header line names a column twice');
	const rows: string[][] = [];
	for (const record of all.slice(1)) {
		if (record.fields.length !== header.length) {
			throw new CsvError(
				`line ${record.line} has ${record.fields.length} field(s), the header (${header.join(',')}) has ${header.length}`,
			);
		}
		rows.push(record.fields);
	}
	return { header, rows };
}

/** Numbers as numbers: RemoteIoT's history values. Empty cells become null; text is refused. */
function toNumber(value: string, column: string, row: number): number | null {
	const text = value.trim();
	if (text === '') return null;
	const number = Number(text);
	if (!Number.isFinite(number)) throw new CsvError(`row ${row} has "${text.slice(0, 40)}" in the numeric column ${column}`);
	return number;
}

/** The columns whose cells are numbers (everything else, such as UnitId and Timestamp, is kept as sent). */
export const NUMERIC_COLUMNS = ['Value'];

/** One object per row, keyed by the header; `Value` as a number. Throws CsvError before returning anything. */
export function csvToObjects(table: CsvTable): Array<Record<string, string | number | null>> {
	return table.rows.map((row, index) => {
		const object: Record<string, string | number | null> = {};
		table.header.forEach((column, k) => {
			object[column] = NUMERIC_COLUMNS.includes(column) ? toNumber(row[k], column, index + 1) : row[k];
		});
		return object;
	});
}

/** Several CSV answers of one request split in batches, as one table (they must share their header). */
export function mergeCsv(tables: CsvTable[]): CsvTable {
	const withHeader = tables.filter((table) => table.header.length);
	if (!withHeader.length) return { header: [], rows: [] };
	const header = withHeader[0].header;
	for (const table of withHeader.slice(1)) {
		if (table.header.join(',') !== header.join(',')) {
			throw new CsvError(`the batches answered different headers (${header.join(',')} and ${table.header.join(',')})`);
		}
	}
	return { header, rows: withHeader.flatMap((table) => table.rows) };
}

function cell(value: string): string {
	return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Writes a table back as CSV text (RFC 4180 quoting, `\n` line ends, one header). */
export function toCsv(table: CsvTable): string {
	if (!table.header.length) return '';
	return [table.header, ...table.rows].map((row) => row.map(cell).join(',')).join('\n') + '\n';
}
