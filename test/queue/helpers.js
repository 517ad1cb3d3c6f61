'use strict';
// Helpers of the queue-mode suite: which process ran an execution (from n8n's own JSON logs), workflow builders,
// event-driven waits on the in-process sandbox.
const fs = require('fs');


/** The JSON log lines of a process (N8N_LOG_FORMAT=json); lines that are not JSON are skipped. */
function logLines(proc) {
	let text = '';
	try {
		text = fs.readFileSync(proc.logFile, 'utf8');
	} catch {
		return [];
	}
	const out = [];
	for (const line of text.split('\n')) {
		if (!line.startsWith('{')) continue;
		try {
			out.push(JSON.parse(line));
		} catch {
			// a partial line
		}
	}
	return out;
}

/**
 * Which worker ran each execution: every worker logs "Worker started execution <id> (job <n>)" (n8n 2.41
 * scaling/job-processor.js). Returns Map executionId -> [worker names] (more than one if a job ran twice).
 */
function executionsByWorker(workers) {
	const map = new Map();
	for (const w of workers) {
		for (const l of logLines(w)) {
			const m = /^Worker started execution (\d+) \(job/.exec(l.message || '');
			if (!m) continue;
			const list = map.get(m[1]) || [];
			list.push(w.name);
			map.set(m[1], list);
		}
	}
	return map;
}

/** The main's record of finished jobs: "Execution <id> (job <n>) finished" with the worker's hostId. */
function finishedOnMain(main) {
	const map = new Map();
	for (const l of logLines(main)) {
		const m = /^Execution (\d+) \(job \S+\) finished/.exec(l.message || '');
		if (m) map.set(m[1], (l.metadata && l.metadata.workerId) || l.workerId);
	}
	return map;
}

// The same workflow-node builders and waits as the e2e suite.
const { remoteIot, node, sleep, until } = require('../e2e/helpers');

function chain(name, nodes, settings = {}) {
	const connections = {};
	nodes.forEach((n, k) => {
		n.position = [k * 220, 0];
		if (k > 0) connections[nodes[k - 1].name] = { main: [[{ node: n.name, type: 'main', index: 0 }]] };
	});
	return { name, nodes, connections, settings: { executionOrder: 'v1', ...settings } };
}

const manualTrigger = () => node('Start', 'n8n-nodes-base.manualTrigger', 1, {});


/** A text file as an n8n binary ("data"), made by Set + Convert to File. */
function binaryFile(content, fileName) {
	return [
		node('Set content', 'n8n-nodes-base.set', 3.4, {
			assignments: { assignments: [{ id: 'c', name: 'content', value: content, type: 'string' }] },
			options: {},
		}),
		node('To file', 'n8n-nodes-base.convertToFile', 1.1, { operation: 'toText', sourceProperty: 'content', binaryPropertyName: 'data', options: { fileName } }),
	];
}

module.exports = { sleep, logLines, executionsByWorker, finishedOnMain, until, remoteIot, node, chain, manualTrigger, binaryFile };
