'use strict';
// The scenarios of issue 9's table, plus a both-directions and a New Log Lines variant. Each runs in its own
// n8n (own user folder and SQLite database) against its own sandbox; `steps` drive it poll by poll: a change
// is made right after a poll has read the device, then the next poll is awaited. The activation poll (the
// baseline) has run when `steps` starts; `settle()` (one more poll, executions finished) follows it.
const off = (s) => ({ event: 'deviceOffline', UnitId: s.device });
const on = (s) => ({ event: 'deviceOnline', UnitId: s.device });
const line = (s, Line) => ({ event: 'newLogLines', UnitId: s.device, Line });

const SCENARIOS = [
	{
		name: 'A',
		mode: 'default',
		title: 'offline -> online -> restart n8n -> offline',
		events: ['deviceOffline'],
		expected: (s) => [off(s), off(s)],
		async steps(s) {
			s.setStatus('Offline');
			await s.nextPoll(); // event 1
			await s.eventsOr(1);
			s.setStatus('Online');
			await s.nextPoll(); // null poll
			await s.restart();
			await s.nextPoll(); // first poll after the restart sees the device online
			s.setStatus('Offline');
			await s.nextPoll(); // event 2
		},
	},
	{
		name: 'A2',
		mode: 'default',
		title: 'offline -> online -> stop n8n -> offline while n8n is down -> start n8n',
		events: ['deviceOffline'],
		expected: (s) => [off(s), off(s)],
		async steps(s) {
			s.setStatus('Offline');
			await s.nextPoll(); // event 1
			await s.eventsOr(1);
			s.setStatus('Online');
			await s.nextPoll(); // null poll
			await s.stop();
			s.setStatus('Offline');
			await s.start();
			await s.nextPoll(); // event 2
		},
	},
	{
		name: 'B',
		mode: 'scheduler',
		title: 'offline -> online -> offline (no restart)',
		events: ['deviceOffline'],
		expected: (s) => [off(s), off(s)],
		async steps(s) {
			s.setStatus('Offline');
			await s.nextPoll(); // event 1
			s.setStatus('Online');
			await s.nextPoll(); // null poll
			s.setStatus('Offline');
			await s.nextPoll(); // event 2
		},
	},
	{
		name: 'B2',
		mode: 'scheduler',
		title: 'Offline After Polls = 2, offline for 3 polls',
		events: ['deviceOffline'],
		options: { offlineAfterPolls: 2 },
		expected: (s) => [off(s)],
		async steps(s) {
			s.setStatus('Offline');
			await s.nextPoll(); // offline 1 (null)
			await s.nextPoll(); // offline 2: the event
			await s.nextPoll(); // offline 3: nothing more
		},
	},
	{
		name: 'C',
		mode: 'cursors',
		title: 'offline before the first scheduled poll -> online -> restart -> offline',
		events: ['deviceOffline'],
		expected: (s) => [off(s), off(s)],
		async steps(s) {
			s.setStatus('Offline'); // before the first scheduled poll after activation
			await s.nextPoll(); // event 1
			await s.eventsOr(1);
			s.setStatus('Online');
			await s.nextPoll(); // null poll
			await s.restart();
			await s.nextPoll();
			s.setStatus('Offline');
			await s.nextPoll(); // event 2
		},
	},
	{
		name: 'both',
		mode: 'scheduler',
		title: 'Device Online + Device Offline: offline -> stop n8n -> online while down -> start -> offline',
		events: ['deviceOnline', 'deviceOffline'],
		expected: (s) => [off(s), on(s), off(s)],
		async steps(s) {
			s.setStatus('Offline');
			await s.nextPoll(); // event 1 (offline)
			await s.eventsOr(1);
			await s.stop();
			s.setStatus('Online');
			await s.start();
			await s.nextPoll(); // event 2 (online)
			s.setStatus('Offline');
			await s.nextPoll(); // event 3 (offline)
		},
	},
	{
		name: 'logs',
		mode: 'scheduler',
		title: 'New Log Lines: lines across null polls and a restart, each exactly once',
		events: ['newLogLines'],
		logFile: 'System error',
		expected: (s) => ['L1 under-voltage', 'L2 eth0 down', 'L3 while n8n was down', 'L4 after the restart'].map((l) => line(s, l)),
		before(s) {
			s.appendLog(['L0 before activation (backlog, skipped)']);
		},
		async steps(s) {
			s.appendLog(['L1 under-voltage', 'L2 eth0 down']);
			await s.nextPoll(); // L1, L2
			await s.eventsOr(2);
			await s.nextPoll(); // null poll
			await s.stop();
			s.appendLog(['L3 while n8n was down']);
			await s.start();
			await s.nextPoll(); // L3
			s.appendLog(['L4 after the restart']);
			await s.nextPoll(); // L4
		},
	},
	{
		name: 'overlap',
		mode: 'default',
		title: 'a poll still running at the next minute tick (n8n starts another one): no duplicate',
		events: ['deviceOffline', 'newLogLines'],
		logFile: 'System error',
		expected: (s) => [off(s), line(s, 'O1 brown-out')],
		async steps(s) {
			// The next poll is slow: its device list takes 30 s (before it reads the state) and its log read
			// 50 s (after), each under the 60 s request timeout, so it runs past the next minute tick, where
			// n8n's default mode starts another poll of the same trigger regardless.
			const mark = s.requestMark();
			s.injectFaults([
				{ path: 'device', delayMs: 30000 },
				{ path: 'log', delayMs: 50000 },
			]);
			s.setStatus('Offline');
			s.appendLog(['O1 brown-out']);
			await s.nextPoll();
			const ms = await s.answeredSince(mark);
			s.note(`the slow poll's requests took ${(ms / 1000).toFixed(1)} s`);
			if (ms <= 61000) throw new Error(`The slow poll ran ${ms} ms: no minute tick fell inside it, the scenario proves nothing`);
		},
	},
];

// A2 again with the other meaning of RemoteIoT's LastOnlineTime (the last time the device was seen online,
// set when it goes offline, instead of the time it came online): after a restart in the default mode only
// the device's own data can tell the second offline episode from the first.
const a2 = SCENARIOS.find((s) => s.name === 'A2');
SCENARIOS.splice(SCENARIOS.indexOf(a2) + 1, 0, {
	...a2,
	name: 'A2-seen',
	title: `${a2.title} (LastOnlineTime = last seen online)`,
	sandbox: { lastOnlineTime: 'lastSeen' },
});

module.exports = { SCENARIOS };
