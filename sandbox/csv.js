'use strict';
// Minimal CSV writer: RFC 4180 quoting, every line ends with '\n'.

function cell(value) {
	const s = value === null || value === undefined ? '' : String(value);
	return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** header: string[]; rows: array of arrays. */
function toCsv(header, rows) {
	let out = header.map(cell).join(',') + '\n';
	for (const row of rows) out += row.map(cell).join(',') + '\n';
	return out;
}

module.exports = { toCsv };
