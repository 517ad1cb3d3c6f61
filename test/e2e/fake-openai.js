'use strict';
// A small scripted OpenAI-compatible server for the AI Agent e2e tests (loopback, free port, Node builtins only).
// It answers the three routes n8n's OpenAI Chat Model uses: GET {base}/models, POST {base}/chat/completions
// (Chat Completions) and POST {base}/responses (Responses API), streamed (SSE) or not, as the client asks.
// Every request is recorded with a normalised view of the conversation, so a test can read what the model was
// offered (tools: name, description, parameter schema) and what it received back from a tool.
//
//   const model = createFakeOpenAi({ reply: (conversation) => ({ toolCall: { arguments: {...} } } | { text }) });
//   const { baseUrl } = await model.start();   // http://127.0.0.1:<port>/v1
//   model.requests                             // [{ api: 'chat' | 'responses', path, body, conversation }]
//   await model.stop();
//
// conversation = { api, userText (the last user message), tools: [{ name, description, parameters }],
//                  toolCalls: [{ id, name, arguments }], toolResults: [{ id, output }] }
const http = require('http');

const MODEL = 'gpt-fake-1';

/** The text of a chat or responses content field (a string or a list of text parts). */
function textOf(content) {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) return content.map((part) => (typeof part === 'string' ? part : part.text || '')).join('');
	return '';
}

function parseArgs(text) {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

/** Chat Completions request → conversation. */
function fromChat(body) {
	const messages = body.messages || [];
	const users = messages.filter((m) => m.role === 'user');
	return {
		api: 'chat',
		userText: users.length ? textOf(users[users.length - 1].content) : '',
		tools: (body.tools || []).map((t) => ({ name: t.function.name, description: t.function.description, parameters: t.function.parameters })),
		toolCalls: messages.flatMap((m) => (m.tool_calls || []).map((c) => ({ id: c.id, name: c.function.name, arguments: parseArgs(c.function.arguments) }))),
		toolResults: messages.filter((m) => m.role === 'tool').map((m) => ({ id: m.tool_call_id, output: textOf(m.content) })),
	};
}

/** Responses API request → conversation. */
function fromResponses(body) {
	const input = typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : body.input || [];
	const users = input.filter((i) => i.role === 'user');
	return {
		api: 'responses',
		userText: users.length ? textOf(users[users.length - 1].content) : '',
		tools: (body.tools || []).filter((t) => t.type === 'function').map((t) => ({ name: t.name, description: t.description, parameters: t.parameters })),
		toolCalls: input.filter((i) => i.type === 'function_call').map((i) => ({ id: i.call_id, name: i.name, arguments: parseArgs(i.arguments) })),
		toolResults: input.filter((i) => i.type === 'function_call_output').map((i) => ({ id: i.call_id, output: textOf(i.output) })),
	};
}

const now = () => Math.floor(Date.now() / 1000);

/** The model's turn as a Chat Completions answer: { message, finish_reason }. */
function chatMessage(turn, callId) {
	if (turn.toolCall) {
		const call = { id: callId, type: 'function', function: { name: turn.toolCall.name, arguments: JSON.stringify(turn.toolCall.arguments ?? {}) } };
		return { message: { role: 'assistant', content: null, tool_calls: [call] }, finish_reason: 'tool_calls' };
	}
	return { message: { role: 'assistant', content: turn.text, refusal: null }, finish_reason: 'stop' };
}

/** The model's turn as Responses API output items. */
function responsesOutput(turn, n) {
	if (turn.toolCall) {
		return [{ type: 'function_call', id: `fc_${n}`, call_id: `call_${n}`, name: turn.toolCall.name, arguments: JSON.stringify(turn.toolCall.arguments ?? {}), status: 'completed' }];
	}
	return [{ type: 'message', id: `msg_${n}`, role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: turn.text, annotations: [] }] }];
}

const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };
const responsesUsage = { input_tokens: 10, input_tokens_details: { cached_tokens: 0 }, output_tokens: 5, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 15 };

function createFakeOpenAi({ reply }) {
	const requests = [];
	let counter = 0;
	let server;

	const send = (res, status, body) => {
		res.writeHead(status, { 'content-type': 'application/json' });
		res.end(JSON.stringify(body));
	};
	const sse = (res, events) => {
		res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
		for (const { event, data } of events) res.write(`${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
		res.end();
	};

	/** The scripted turn; a tool call without a name calls the first tool offered. */
	function turnFor(conversation) {
		const turn = reply(conversation) || { text: 'No script for this conversation.' };
		if (turn.toolCall && !turn.toolCall.name) {
			if (!conversation.tools.length) return { text: 'No tool was offered.' };
			turn.toolCall = { ...turn.toolCall, name: conversation.tools[0].name };
		}
		return turn;
	}

	function chat(body, res) {
		const n = ++counter;
		const conversation = fromChat(body);
		const turn = turnFor(conversation);
		const { message, finish_reason } = chatMessage(turn, `call_${n}`);
		const base = { id: `chatcmpl-${n}`, created: now(), model: body.model || MODEL, system_fingerprint: 'fp_fake' };
		if (!body.stream) {
			send(res, 200, { ...base, object: 'chat.completion', choices: [{ index: 0, message, logprobs: null, finish_reason }], usage });
		} else {
			const chunk = (delta, finish = null, extra = {}) => ({ data: { ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...extra } });
			const delta = message.tool_calls
				? { role: 'assistant', content: null, tool_calls: message.tool_calls.map((c, index) => ({ index, ...c })) }
				: { role: 'assistant', content: message.content };
			const events = [chunk(delta), chunk({}, finish_reason)];
			if (body.stream_options && body.stream_options.include_usage) events.push({ data: { ...base, object: 'chat.completion.chunk', choices: [], usage } });
			events.push({ data: '[DONE]' });
			sse(res, events);
		}
		return { conversation, turn };
	}

	function responses(body, res) {
		const n = ++counter;
		const conversation = fromResponses(body);
		const turn = turnFor(conversation);
		const output = responsesOutput(turn, n);
		const response = {
			id: `resp_${n}`,
			object: 'response',
			created_at: now(),
			status: 'completed',
			error: null,
			incomplete_details: null,
			instructions: body.instructions ?? null,
			max_output_tokens: null,
			model: body.model || MODEL,
			output,
			parallel_tool_calls: true,
			previous_response_id: null,
			reasoning: { effort: null, summary: null },
			store: false,
			temperature: 1,
			text: { format: { type: 'text' } },
			tool_choice: 'auto',
			tools: body.tools || [],
			top_p: 1,
			truncation: 'disabled',
			usage: responsesUsage,
			metadata: {},
		};
		if (!body.stream) {
			send(res, 200, response);
		} else {
			let seq = 0;
			const ev = (type, data) => ({ event: type, data: { type, sequence_number: seq++, ...data } });
			const events = [ev('response.created', { response: { ...response, status: 'in_progress', output: [], usage: null } })];
			output.forEach((item, index) => {
				if (item.type === 'function_call') {
					events.push(ev('response.output_item.added', { output_index: index, item: { ...item, arguments: '', status: 'in_progress' } }));
					events.push(ev('response.function_call_arguments.delta', { item_id: item.id, output_index: index, delta: item.arguments }));
					events.push(ev('response.function_call_arguments.done', { item_id: item.id, output_index: index, arguments: item.arguments }));
				} else {
					const text = item.content[0].text;
					events.push(ev('response.output_item.added', { output_index: index, item: { ...item, status: 'in_progress', content: [] } }));
					events.push(ev('response.content_part.added', { item_id: item.id, output_index: index, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } }));
					events.push(ev('response.output_text.delta', { item_id: item.id, output_index: index, content_index: 0, delta: text }));
					events.push(ev('response.output_text.done', { item_id: item.id, output_index: index, content_index: 0, text }));
					events.push(ev('response.content_part.done', { item_id: item.id, output_index: index, content_index: 0, part: item.content[0] }));
				}
				events.push(ev('response.output_item.done', { output_index: index, item }));
			});
			events.push(ev('response.completed', { response }));
			sse(res, events);
		}
		return { conversation, turn };
	}

	async function handle(req, res) {
		const chunks = [];
		for await (const c of req) chunks.push(c);
		const raw = Buffer.concat(chunks).toString('utf8');
		const path = req.url.split('?')[0];
		let body = {};
		try {
			body = raw ? JSON.parse(raw) : {};
		} catch {
			return send(res, 400, { error: { message: 'Body is not JSON', type: 'invalid_request_error' } });
		}
		if (req.method === 'GET' && path.endsWith('/models')) {
			requests.push({ api: 'models', path, body });
			return send(res, 200, { object: 'list', data: [{ id: MODEL, object: 'model', created: 1700000000, owned_by: 'remoteiot-e2e' }] });
		}
		if (req.method === 'POST' && path.endsWith('/chat/completions')) {
			const entry = { api: 'chat', path, body };
			requests.push(entry);
			Object.assign(entry, chat(body, res));
			return;
		}
		if (req.method === 'POST' && path.endsWith('/responses')) {
			const entry = { api: 'responses', path, body };
			requests.push(entry);
			Object.assign(entry, responses(body, res));
			return;
		}
		requests.push({ api: 'unknown', method: req.method, path, body });
		return send(res, 404, { error: { message: `No route ${req.method} ${path}`, type: 'invalid_request_error' } });
	}

	return {
		requests,
		async start() {
			server = http.createServer((req, res) => {
				handle(req, res).catch((e) => {
					if (!res.headersSent) send(res, 500, { error: { message: String((e && e.message) || e), type: 'server_error' } });
					else res.end();
				});
			});
			await new Promise((resolve, reject) => {
				server.once('error', reject);
				server.listen(0, '127.0.0.1', resolve);
			});
			const { port } = server.address();
			this.baseUrl = `http://127.0.0.1:${port}/v1`;
			return { baseUrl: this.baseUrl, port };
		},
		async stop() {
			if (!server) return;
			server.closeAllConnections && server.closeAllConnections();
			await new Promise((resolve) => server.close(() => resolve()));
			server = undefined;
		},
	};
}

module.exports = { createFakeOpenAi, fromChat, fromResponses, MODEL };
