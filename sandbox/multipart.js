'use strict';
// Minimal, binary-safe multipart/form-data parser (enough for RemoteIoT's FileUpload).

/** Returns the boundary of a multipart/form-data Content-Type, or null. */
function getBoundary(contentType) {
	if (typeof contentType !== 'string' || !/^multipart\/form-data/i.test(contentType.trim())) return null;
	const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
	return m ? m[1] || m[2] : null;
}

function headerParam(header, name) {
	// (^|;) so that `name` does not match inside `filename`.
	const re = new RegExp(`(?:^|;)\\s*${name}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]*))`, 'i');
	const m = re.exec(header);
	if (!m) return undefined;
	return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2].trim();
}

/**
 * Parses a multipart body into parts `{ name, filename, contentType, headers, content: Buffer }`.
 * Throws an Error on a structurally broken body.
 */
function parseMultipart(body, boundary) {
	const delim = Buffer.from(`--${boundary}`);
	const nextDelim = Buffer.from(`\r\n--${boundary}`);
	const parts = [];
	let pos = body.indexOf(delim);
	if (pos < 0) throw new Error('multipart boundary not found');
	pos += delim.length;
	for (;;) {
		// After a delimiter: '--' ends the body, otherwise CRLF and a part follow.
		if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break;
		if (body[pos] === 0x0d && body[pos + 1] === 0x0a) pos += 2;
		else throw new Error('malformed multipart delimiter');
		const headEnd = body.indexOf('\r\n\r\n', pos);
		if (headEnd < 0) throw new Error('multipart part headers not terminated');
		const headers = {};
		for (const line of body.toString('utf8', pos, headEnd).split('\r\n')) {
			const idx = line.indexOf(':');
			if (idx > 0) headers[line.slice(0, idx).trim().toLowerCase()] = line.slice(idx + 1).trim();
		}
		const start = headEnd + 4;
		const end = body.indexOf(nextDelim, start);
		if (end < 0) throw new Error('multipart part not terminated');
		const disposition = headers['content-disposition'] || '';
		parts.push({
			name: headerParam(disposition, 'name'),
			filename: headerParam(disposition, 'filename'),
			contentType: headers['content-type'],
			headers,
			content: body.subarray(start, end),
		});
		pos = end + nextDelim.length;
	}
	return parts;
}

module.exports = { getBoundary, parseMultipart };
