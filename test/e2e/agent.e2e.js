'use strict';
// n8n's AI Agent runs the RemoteIoT tool in a real n8n 2.41.1 server: an AI Agent (v3.1) with an OpenAI Chat
// Model (v1.3) whose credential's Base URL points at a scripted OpenAI-compatible server (test/e2e/fake-openai.js),
// and the RemoteIoT tool (n8n-nodes-remoteiot.remoteIotTool) set to Device → Get Status with Device IDs from
// $fromAI. The scripted model calls the tool once with the arguments a case chooses, then answers with a text that
// quotes what the tool returned. The sandbox records the RemoteIoT requests, the scripted server the model's.
const fs = require('fs');
const { PACKAGE_NAME, NODE_TYPES } = require('../../scripts/n8n-server');
const { startE2eStack, unitId, node, artifact } = require('./helpers');
const { createFakeOpenAi } = require('./fake-openai');

const TOOL_TYPE = `${PACKAGE_NAME}.remoteIotTool`;
const TOOL_NODE = 'Device status';
const DEVICE_IDS_FROM_AI = "={{ $fromAI('deviceIds', 'UnitIds of the devices, separated by commas', 'string') }}";
const ANSWER_PREFIX = 'Here is what RemoteIoT says:';

/** What each case's scripted model sends as the tool's arguments (the case's tag is in the prompt). */
const CASES = {
	'status-responses': { deviceIds: `${unitId(2)},${unitId(3)}` },
	'status-chat': { deviceIds: `${unitId(2)},${unitId(3)}` },
	'bad-id': { deviceIds: `${unitId(2)},kitchen sensor #3` },
	'empty-object': {},
	'empty-string': { deviceIds: '' },
};

/** The scripted model: a tool call first, then a final answer quoting the tool's result. */
function reply(conversation) {
	const tag = (/\[case:([\w-]+)\]/.exec(conversation.userText) || [])[1];
	if (!tag || !(tag in CASES)) return { text: `Unknown case in "${conversation.userText}"` };
	if (!conversation.toolResults.length) return { toolCall: { arguments: CASES[tag] } };
	return { text: `${ANSWER_PREFIX} ${conversation.toolResults[conversation.toolResults.length - 1].output}` };
}

let stack;
let model;
let openAiCredential;
const offered = {};
const received = {};

beforeAll(async () => {
	model = createFakeOpenAi({ reply });
	const { baseUrl } = await model.start();
	try {
		stack = await startE2eStack({ devices: 50 });
		openAiCredential = await stack.client.createCredential({
			name: 'Scripted OpenAI',
			type: 'openAiApi',
			data: { apiKey: 'sk-remoteiot-e2e', url: baseUrl, header: false },
		});
	} catch (e) {
		await model.stop();
		throw e;
	}
}, 240000);

afterAll(async () => {
	if (stack) await stack.stop();
	if (model) await model.stop();
	if (Object.keys(offered).length) fs.writeFileSync(artifact('agent-tool-offer.json'), JSON.stringify({ offered, received }, null, 2));
	// What the scripted model received and answered, for reading a failure in CI.
	if (model) fs.writeFileSync(artifact('agent-model-requests.json'), JSON.stringify(model.requests.map(({ api, path, body, conversation, turn }) => ({ api, path, stream: Boolean(body && body.stream), conversation, turn })), null, 2));
});

/** Manual Trigger → AI Agent, with the OpenAI Chat Model and the RemoteIoT tool attached. */
function agentWorkflow(tag, { responsesApi }) {
	const nodes = [
		node('Start', 'n8n-nodes-base.manualTrigger', 1, {}),
		node('AI Agent', '@n8n/n8n-nodes-langchain.agent', 3.1, {
			promptType: 'define',
			text: `[case:${tag}] What is the status of my devices?`,
			options: {},
		}),
		{
			...node('OpenAI Chat Model', '@n8n/n8n-nodes-langchain.lmChatOpenAi', 1.3, {
				model: { __rl: true, mode: 'id', value: 'gpt-fake-1' },
				responsesApiEnabled: responsesApi,
				options: {},
			}),
			credentials: { openAiApi: { id: openAiCredential.id, name: openAiCredential.name } },
		},
		{
			...node(TOOL_NODE, TOOL_TYPE, 1, { resource: 'device', operation: 'getStatus', deviceIds: DEVICE_IDS_FROM_AI, options: {} }),
			credentials: { remoteIotApi: stack.credentialRef },
		},
	];
	nodes.forEach((n, k) => (n.position = [k * 220, k > 1 ? 240 : 0]));
	const to = (type) => [[{ node: 'AI Agent', type, index: 0 }]];
	return {
		name: `e2e agent ${tag}`,
		nodes,
		connections: {
			Start: { main: to('main') },
			'OpenAI Chat Model': { ai_languageModel: to('ai_languageModel') },
			[TOOL_NODE]: { ai_tool: to('ai_tool') },
		},
		settings: { executionOrder: 'v1' },
	};
}

/**
 * Runs one case: returns the finished execution, the model requests of this case (in order), the tool result
 * the model received (parsed when it is JSON) and the RemoteIoT requests the sandbox got meanwhile.
 */
async function runCase(tag, { responsesApi = true } = {}) {
	const wf = await stack.client.importWorkflow(agentWorkflow(tag, { responsesApi }));
	stack.sandbox.control.clearRequests();
	const ex = await stack.client.run(wf.id, 'Start');
	const calls = model.requests.filter((r) => r.conversation && r.conversation.userText.includes(`[case:${tag}]`));
	const last = calls[calls.length - 1];
	const result = last && last.conversation.toolResults.length ? last.conversation.toolResults[0].output : undefined;
	let parsed;
	try {
		parsed = JSON.parse(result);
	} catch {
		parsed = undefined;
	}
	const remoteIot = stack.sandbox.control.requests.map((r) => ({ path: r.path, body: r.body }));
	received[tag] = { arguments: CASES[tag], toolResult: result };
	return { ex, calls, result, parsed, remoteIot };
}

/** The `action` text of an operation, as the n8n server serves the node's description. */
async function actionText(resource, operation) {
	const types = await stack.client.request('GET', '/types/nodes.json');
	const type = types.find((t) => t.name === NODE_TYPES.action);
	const selector = type.properties.find((p) => p.name === 'operation' && p.displayOptions && p.displayOptions.show.resource.includes(resource));
	return selector.options.find((o) => o.value === operation).action;
}

/** The agent's final answer (its `output` field), failing with the run's error when there is none. */
function agentOutput(ex) {
	if (ex.status !== 'success') {
		throw new Error(`The agent's execution ended ${ex.status} at ${ex.lastNodeExecuted}: ${ex.error && ex.error.message}`);
	}
	const out = ex.output('AI Agent');
	expect(out).toHaveLength(1);
	return out[0].output;
}

/** The tool result as a list of error texts, whatever shape n8n wrapped it in ({ error } or [{ error }]). */
function errorTexts(parsed, raw) {
	const list = Array.isArray(parsed) ? parsed : [parsed];
	const texts = list.filter((x) => x && typeof x === 'object' && typeof x.error === 'string').map((x) => x.error);
	return texts.length ? texts : [String(raw)];
}

describe.each([
	['the Responses API', 'status-responses', true],
	['Chat Completions', 'status-chat', false],
])('an AI Agent over %s calls the RemoteIoT tool', (_api, tag, responsesApi) => {
	let run;

	test('the model is offered the tool with a schema for Device IDs', async () => {
		run = await runCase(tag, { responsesApi });
		expect(run.calls.length).toBeGreaterThanOrEqual(2);
		expect(run.calls.every((c) => c.api === (responsesApi ? 'responses' : 'chat'))).toBe(true);
		const tools = run.calls[0].conversation.tools;
		expect(tools).toHaveLength(1);
		const [tool] = tools;
		offered[responsesApi ? 'responses' : 'chatCompletions'] = tool;
		expect(tool.name).toBe('Device_status');
		// n8n builds the description from the operation's action text: what the model reads is that text.
		expect(tool.description).toBe(`${await actionText('device', 'getStatus')} in RemoteIoT`);
		expect(tool.parameters).toMatchObject({ type: 'object', properties: { deviceIds: { type: 'string', description: 'UnitIds of the devices, separated by commas' } } });
	});

	test('the sandbox got one status request with exactly the UnitIds the model chose', () => {
		const status = run.remoteIot.filter((r) => r.path === 'status');
		expect(status).toEqual([{ path: 'status', body: [{ UnitId: unitId(2) }, { UnitId: unitId(3) }] }]);
		expect(run.remoteIot.map((r) => r.path)).toEqual(['status']);
	});

	test('the tool result the model received holds the statuses', () => {
		const { fleet } = stack.sandbox;
		// The call as n8n replays it to the model (n8n adds the call's id to the arguments).
		expect(run.calls[run.calls.length - 1].conversation.toolCalls).toEqual([expect.objectContaining({ name: 'Device_status', arguments: expect.objectContaining(CASES[tag]) })]);
		const text = run.result;
		expect(typeof text).toBe('string');
		for (const id of [unitId(2), unitId(3)]) {
			const device = fleet.getDevice(id);
			expect(text).toContain(id);
			expect(text).toContain(device.Status);
		}
		// Parsed: every device once, with its status and last online time as the sandbox has them.
		const rows = JSON.stringify(run.parsed).match(/\{[^{}]*"UnitId"[^{}]*\}/g).map((s) => JSON.parse(s));
		expect(Object.fromEntries(rows.map((r) => [r.UnitId, r.Status]))).toEqual({ [unitId(2)]: fleet.getDevice(unitId(2)).Status, [unitId(3)]: 'Offline' });
	});

	test("the agent's output is the model's final answer, quoting the tool's result", () => {
		const output = agentOutput(run.ex);
		expect(output.startsWith(ANSWER_PREFIX)).toBe(true);
		expect(output).toContain(run.result);
		expect(output).toContain(unitId(3));
	});
});

describe('the model sends a bad argument', () => {
	test('a malformed UnitId: the model reads what is wrong and how to fix it, nothing is sent, the run succeeds', async () => {
		const run = await runCase('bad-id');
		expect(run.remoteIot).toEqual([]);
		expect(typeof run.result).toBe('string');
		const [message] = errorTexts(run.parsed, run.result);
		// n8n passes the model only the error's message: what is wrong and the fix must both be in it.
		expect(message).toContain('kitchen sensor #3');
		expect(message).toContain('Device IDs');
		expect(message).toMatch(/UnitId/);
		expect(message).toMatch(/0000000088888888|[0-9A-F]{16}/i);
		const output = agentOutput(run.ex);
		expect(output).toContain('kitchen sensor #3');
	});
});

describe('the model leaves Device IDs out or empty', () => {
	test.each([
		['no argument at all ({}), over Chat Completions', 'empty-object', false],
		['an empty string, over the Responses API', 'empty-string', true],
	])('%s: a refusal the model can act on, not the status of the whole fleet', async (_what, tag, responsesApi) => {
		const run = await runCase(tag, { responsesApi });
		expect(run.remoteIot.filter((r) => r.path === 'status')).toEqual([]);
		expect(run.remoteIot).toEqual([]);
		expect(typeof run.result).toBe('string');
		expect(run.result).not.toContain(unitId(0));
		const [message] = errorTexts(run.parsed, run.result);
		expect(message).toContain('Device IDs');
		expect(message).toMatch(/UnitId/);
		expect(agentOutput(run.ex)).toContain('Device IDs');
	});
});
