/**
 * Runs the built package inside the real n8n engine (n8n-core): PackageDirectoryLoader loads dist/
 * as n8n does, WorkflowExecute runs the action node through n8n's declarative RoutingNode, and
 * PollContext drives the trigger's poll(). Credentials are applied from the credential's own
 * `authenticate` definition, as n8n's credentials helper does.
 */
require('reflect-metadata');
const fs = require('fs');
const os = require('os');
const path = require('path');

process.env.N8N_ENCRYPTION_KEY = process.env.N8N_ENCRYPTION_KEY || 'remoteiot-test-encryption-key';
if (!process.env.N8N_USER_FOLDER) {
	process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'remoteiot-n8n-'));
}

const {
	PackageDirectoryLoader,
	WorkflowExecute,
	ExecutionLifecycleHooks,
	PollContext,
} = require('n8n-core');
const {
	Workflow,
	ICredentialsHelper,
	Expression,
	createRunExecutionData,
	deepCopy,
} = require('n8n-workflow');

const PACKAGE_DIR = path.resolve(__dirname, '..', '..');
const PACKAGE = 'n8n-nodes-remoteiot';
const NODE_TYPE = `${PACKAGE}.remoteIot`;
const TRIGGER_TYPE = `${PACKAGE}.remoteIotTrigger`;

let loaderPromise;
/** Loads dist/ once per test file, the way n8n loads an installed community package. */
async function loadPackage() {
	if (!loaderPromise) {
		loaderPromise = (async () => {
			if (!fs.existsSync(path.join(PACKAGE_DIR, 'dist'))) {
				throw new Error('dist/ is missing: run `npm run build` first (npm test does).');
			}
			const loader = new PackageDirectoryLoader(PACKAGE_DIR);
			await loader.loadAll();
			return loader;
		})();
	}
	return await loaderPromise;
}

function nodeTypesFrom(loader, extraNodeTypes = {}) {
	const byName = {};
	for (const [name, { type }] of Object.entries(loader.nodeTypes)) byName[`${PACKAGE}.${name}`] = type;
	Object.assign(byName, extraNodeTypes);
	return {
		getByName: (name) => byName[name],
		getByNameAndVersion: (name) => {
			const type = byName[name];
			if (!type) throw new Error(`Unknown node type ${name}`);
			return type.nodeVersions ? type.nodeVersions[type.currentVersion] : type;
		},
		getKnownTypes: () => ({}),
	};
}

/** Applies a credential type's generic `authenticate` definition to a request, as n8n does. */
class CredentialsHelper extends ICredentialsHelper {
	constructor(loader, credentials) {
		super();
		this.loader = loader;
		this.credentials = credentials;
	}
	credentialType(name) {
		const entry = this.loader.credentialTypes[name];
		if (!entry) throw new Error(`Unknown credential type ${name}`);
		return entry.type;
	}
	getParentTypes() {
		return [];
	}
	isCredentialUsableByNode() {
		return true;
	}
	async authenticate(credentials, typeName, requestOptions) {
		const { authenticate } = this.credentialType(typeName);
		if (!authenticate || authenticate.type !== 'generic') return requestOptions;
		for (const [target, values] of Object.entries(authenticate.properties)) {
			requestOptions[target] = requestOptions[target] || {};
			for (const [key, template] of Object.entries(values)) {
				requestOptions[target][key] = resolve(template, credentials);
			}
		}
		return requestOptions;
	}
	async preAuthentication() {
		return undefined;
	}
	async runPreAuthentication() {
		return undefined;
	}
	async getCredentials() {
		throw new Error('not used');
	}
	async getDecrypted(_additionalData, _nodeCredentials, type) {
		const data = this.credentials[type];
		if (!data) throw new Error(`No test credentials of type ${type}`);
		return { ...data };
	}
	async updateCredentials() {}
	async updateCredentialsOauthTokenData() {}
	getCredentialsProperties(type) {
		return this.credentialType(type).properties;
	}
}

function resolve(template, credentials) {
	if (typeof template !== 'string' || !template.startsWith('=')) return template;
	return String(Expression.resolveWithoutWorkflow(template.slice(1), { $credentials: credentials }));
}

let executionCounter = 0;

function additionalDataFor(loader, credentials, workflowData, mode, executionId) {
	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
	return {
		credentialsHelper: new CredentialsHelper(loader, credentials),
		hooks,
		executionId,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		formBaseUrl: 'http://127.0.0.1:5678/form',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1:5678/form-test',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		mcpBaseUrl: 'http://127.0.0.1:5678/mcp',
		mcpTestBaseUrl: 'http://127.0.0.1:5678/mcp-test',
		variables: {},
		userId: 'test-user',
		workflowId: workflowData.id,
		executeWorkflow: async () => {
			throw new Error('not used');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
		setExecutionStatus: () => {},
		sendDataToUI: () => {},
	};
}

function credentialsFor(sandbox, overrides = {}) {
	return {
		remoteIotApi: { accessToken: sandbox.token, baseUrl: sandbox.baseUrl, ...overrides },
	};
}

/**
 * Runs the RemoteIoT action node once on `items` (default: one empty item) with `parameters`.
 * Returns { items, json, error, run, outputs, errorItems }: the node's (first) output items, or the
 * workflow error; `outputs` holds every main output (with On Error "Continue (using error output)":
 * [success items, error items]) and `errorItems` the second one.
 * `sandbox` is { baseUrl, token } (a started sandbox); `credentials` may override its fields.
 * `onError` is the node's On Error setting: 'stopWorkflow' (default), 'continueRegularOutput' (what
 * `continueOnFail: true` sets) or 'continueErrorOutput'. With a `source` (default on), the node runs
 * as if connected to a previous node, as in a real workflow (n8n then resolves error items' pairedItem).
 * `onExecution(running)` receives the running execution, whose `cancel()` stops it as n8n's Stop does.
 */
async function runNode({
	sandbox,
	parameters,
	items = [{ json: {} }],
	credentials,
	continueOnFail = false,
	onError,
	fromNode = Boolean(onError),
	binary,
	extraNodeTypes,
	nodeType = NODE_TYPE,
	nodeVersion = 1,
	timezone = 'UTC',
	node: nodeOverrides = {},
	onExecution,
}) {
	const loader = await loadPackage();
	const node = {
		id: 'node-under-test',
		name: 'RemoteIoT',
		type: nodeType,
		typeVersion: nodeVersion,
		position: [0, 0],
		parameters,
		credentials: { remoteIotApi: { id: 'cred-1', name: 'RemoteIoT sandbox' } },
		...(continueOnFail ? { onError: 'continueRegularOutput' } : {}),
		...(onError ? { onError } : {}),
		...nodeOverrides,
	};
	// The node before it, whose output items are the input (only its run data is used, it does not run).
	const previous = { id: 'input-node', name: 'Input', type: nodeType, typeVersion: nodeVersion, position: [-200, 0], parameters: {}, disabled: true };
	const workflowData = {
		id: `wf-${++executionCounter}`,
		name: 'test',
		active: false,
		nodes: fromNode ? [previous, node] : [node],
		connections: fromNode ? { Input: { main: [[{ node: node.name, type: 'main', index: 0 }]] } } : {},
		settings: { timezone },
	};
	const workflow = new Workflow({
		...workflowData,
		nodeTypes: nodeTypesFrom(loader, extraNodeTypes),
		staticData: {},
	});
	const executionId = `exec-${executionCounter}`;
	const creds = credentialsFor(sandbox, credentials);
	const additionalData = additionalDataFor(loader, creds, workflowData, 'manual', executionId);
	const inputItems = items.map((item) => ({
		json: item.json ?? item,
		...(item.binary ? { binary: item.binary } : {}),
	}));
	if (binary) Object.assign(inputItems[0], { binary });
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{
					node,
					data: { main: [inputItems] },
					source: fromNode ? { main: [{ previousNode: 'Input', previousNodeOutput: 0, previousNodeRun: 0 }] } : null,
				},
			],
		},
		...(fromNode
			? {
					resultData: {
						runData: {
							Input: [{ startTime: 0, executionTime: 0, executionIndex: 0, source: [], data: { main: [inputItems] } }],
						},
					},
				}
			: {}),
	});
	const execute = new WorkflowExecute(additionalData, 'manual', runExecutionData);
	let run;
	try {
		const running = execute.processRunExecutionData(workflow);
		// Hands out the running execution (a PCancelable: `.cancel()` is n8n's Stop).
		onExecution?.(running);
		run = await running;
	} catch (error) {
		// n8n refuses to start a workflow whose node has issues (e.g. a required parameter left empty).
		return { items: [], json: [], error, run: undefined };
	}
	const taskData = run.data.resultData.runData[node.name]?.[0];
	const outputs = taskData?.data?.main ?? [];
	const output = outputs[0] ?? [];
	return {
		items: output,
		json: output.map((item) => item.json),
		error: run.data.resultData.error ?? taskData?.error,
		run,
		outputs,
		errorItems: outputs[1] ?? [],
	};
}

/*
 * What n8n 2.41.1 keeps of a poll trigger's static data, per poll mode (read in n8n's code, see
 * docs/DEVELOPING.md "What n8n keeps of a poll trigger's static data" for the file names):
 *
 * legacy (default): one Workflow object per activation holds the live static data; every cron tick
 *   runs `void executePollTrigger()` on it (n8n-core active-workflow-triggers.js), no guard against a
 *   poll still running, so overlapping polls share the live object. `__emit` (items) saves the whole
 *   static data to the database (trigger-execution-context.factory.js → saveStaticData); a `null` poll
 *   keeps its changes in memory only; a throw saves nothing. Activation (also 'init' at every start)
 *   runs the poll once (`executePollTrigger(true)`), then saves (active-workflow-manager.js).
 *   Graceful shutdown saves nothing: a restart reloads the database copy.
 * durableScheduler (N8N_SCHEDULER_ENABLED + N8N_SCHEDULER_POLL_TRIGGERS_ENABLED): each occurrence
 *   reloads the published workflow from the database (poll-trigger-task-handler.js, bypassCache), so
 *   a `null` poll's changes are lost at the next poll; items save (`__emit`); a throw saves nothing.
 *   Activation runs the poll once only when the job is new (poll-job-manager `inserted`), and saves
 *   after it; a restart finds the job and runs no activation poll. Polls of one node run one at a time
 *   (a lease), but a timed-out poll is abandoned, not stopped.
 * durableCursors (+ N8N_POLLER_DURABLE_CURSORS_ENABLED): the node's static data is a staged snapshot
 *   of a cursor row (poll-cursor.service.js, seeded once from the static data); items commit it with
 *   the execution, a `null` poll commits it (`commitCursorOnly`) — except the activation poll, which
 *   is a testing run (`executePollTrigger(true)`: no commit after `null`). A throw commits nothing.
 * manual ("Fetch Test Event"): nothing is kept in any mode.
 *
 * The trigger's process-local memo lives in the loaded node module: `restart()` clears it, like a
 * new n8n process.
 */
const POLL_MODES = ['legacy', 'durableScheduler', 'durableCursors'];

function triggerMemo() {
	// The same module instance the loader required (n8n-core's loader requires dist/ files directly in tests).
	return require(path.join(PACKAGE_DIR, 'dist', 'nodes', 'RemoteIotTrigger', 'memo.js'));
}

/**
 * A polling trigger as n8n 2.41 runs it in `pollMode`:
 * - `activate({ activation })`: the activation poll (n8n runs it when the workflow is activated);
 * - `poll({ mode })`: one scheduled poll (mode 'manual' = Fetch Test Event); polls may overlap
 *   (call it twice without awaiting): legacy shares the live static data, the durable modes do not;
 * - `restart()`: n8n stopped and started again: a fresh process (memo cleared) from the database copy,
 *   with legacy's activation poll ('init');
 * - `update(parameters)`: the workflow saved with other parameters (same workflow id), then activated;
 * - `staticData`: the database copy (durable cursors: the committed cursor); `emitted`: every item
 *   emitted so far, across restarts.
 * Every poll returns its emitted items (flattened; [] for null) or throws.
 */
async function createTrigger({
	sandbox,
	parameters,
	credentials,
	staticData = {},
	timezone = 'UTC',
	pollMode = 'legacy',
	workflowId,
	emitted = [],
}) {
	if (!POLL_MODES.includes(pollMode)) throw new Error(`Unknown pollMode ${pollMode}`);
	const loader = await loadPackage();
	const node = {
		id: 'trigger-under-test',
		name: 'RemoteIoT Trigger',
		type: TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { remoteIotApi: { id: 'cred-1', name: 'RemoteIoT sandbox' } },
	};
	const workflowData = {
		id: workflowId ?? `wf-trigger-${++executionCounter}`,
		name: 'trigger test',
		active: true,
		nodes: [node],
		connections: {},
		settings: { timezone },
	};
	const nodeTypes = nodeTypesFrom(loader);
	const creds = credentialsFor(sandbox, credentials);
	const nodeKey = `node:${node.name}`;
	const db = { staticData: deepCopy(staticData) };
	const newWorkflow = (data) => new Workflow({ ...workflowData, nodeTypes, staticData: data });
	// Legacy: the live Workflow of this activation.
	let live;

	async function runPoll(workflow, mode, activation, resolveNodeStaticData) {
		const additionalData = additionalDataFor(loader, creds, workflowData, mode, `poll-${executionCounter++}`);
		const ctx = new PollContext(
			workflow,
			workflow.getNode(node.name),
			additionalData,
			mode,
			activation,
			undefined,
			undefined,
			undefined,
			undefined,
			resolveNodeStaticData,
			trigger.pollBudgetMs === undefined ? undefined : () => trigger.pollBudgetMs,
		);
		const type = nodeTypes.getByNameAndVersion(TRIGGER_TYPE, 1);
		const result = await type.poll.call(ctx);
		const items = result === null ? [] : result.flat();
		if (mode !== 'manual') emitted.push(...items);
		return items;
	}

	const save = (workflow) => {
		db.staticData = deepCopy(workflow.staticData);
		delete db.staticData.__dataChanged;
	};

	const trigger = {
		node,
		pollMode,
		/** The durable scheduler's poll budget the context reports (undefined: n8n-core's 5 minutes). */
		pollBudgetMs: undefined,
		workflowId: workflowData.id,
		emitted,
		get staticData() {
			return db.staticData;
		},
		async activate({ activation = 'activate' } = {}) {
			if (pollMode === 'durableCursors') {
				const staged = deepCopy(db.staticData[nodeKey] ?? {});
				const workflow = newWorkflow(deepCopy(db.staticData));
				const items = await runPoll(workflow, 'trigger', activation, () => staged);
				// A testing run: only `__emit` (items) commits the staged cursor.
				if (items.length) db.staticData = { ...db.staticData, [nodeKey]: staged };
				return items;
			}
			live = newWorkflow(deepCopy(db.staticData));
			const items = await runPoll(live, 'trigger', activation);
			save(live); // items (`__emit`) or not, activation saves after the poll
			if (pollMode === 'durableScheduler') live = undefined;
			return items;
		},
		async poll({ mode = 'trigger' } = {}) {
			if (mode === 'manual') {
				const workflow = newWorkflow(deepCopy(db.staticData));
				return await runPoll(workflow, 'manual', 'manual');
			}
			if (pollMode === 'legacy') {
				if (!live) live = newWorkflow(deepCopy(db.staticData));
				const workflow = live;
				const items = await runPoll(workflow, 'trigger', 'activate');
				if (items.length && live === workflow) save(workflow);
				return items;
			}
			if (pollMode === 'durableScheduler') {
				const workflow = newWorkflow(deepCopy(db.staticData)); // reloaded from the database
				const items = await runPoll(workflow, 'trigger', 'update');
				if (items.length) save(workflow);
				return items;
			}
			const staged = deepCopy(db.staticData[nodeKey] ?? {});
			const workflow = newWorkflow(deepCopy(db.staticData));
			const items = await runPoll(workflow, 'trigger', 'update', () => staged);
			db.staticData = { ...db.staticData, [nodeKey]: staged }; // items or null: committed
			return items;
		},
		async restart() {
			triggerMemo().resetProcessMemory();
			const next = await createTrigger({
				sandbox, parameters, credentials, staticData: db.staticData, timezone, pollMode,
				workflowId: workflowData.id, emitted,
			});
			if (pollMode === 'legacy') await next.activate({ activation: 'init' });
			return next;
		},
		async update(newParameters, { activate = true } = {}) {
			live = undefined;
			const next = await createTrigger({
				sandbox, parameters: newParameters, credentials, staticData: db.staticData, timezone, pollMode,
				workflowId: workflowData.id, emitted,
			});
			if (activate) await next.activate({ activation: 'update' });
			return next;
		},
	};
	return trigger;
}

/**
 * Counts n8n's expression evaluations while `fn` runs, by expression text (n8n-workflow's Expression, the one
 * the engine uses). Returns { result, counts: Map<expression, evaluations> }.
 */
async function countEvaluations(fn) {
	const original = Expression.prototype.resolveSimpleParameterValue;
	const counts = new Map();
	Expression.prototype.resolveSimpleParameterValue = function counted(value, ...rest) {
		counts.set(String(value), (counts.get(String(value)) ?? 0) + 1);
		return original.call(this, value, ...rest);
	};
	try {
		return { result: await fn(), counts };
	} finally {
		Expression.prototype.resolveSimpleParameterValue = original;
	}
}

/** The Logger instance n8n-core's contexts log through (n8n-core has its own copies of these packages). */
function n8nLogger() {
	const corePath = require.resolve('n8n-core');
	const { Container } = require(require.resolve('@n8n/di', { paths: [path.dirname(corePath)] }));
	const { Logger } = require(require.resolve('@n8n/backend-common', { paths: [path.dirname(corePath)] }));
	return Container.get(Logger);
}

/** In a jest file: silences and records n8n-core's warnings in every test; returns () => the current spy. */
function captureWarnings() {
	let spy;
	beforeEach(() => {
		spy = jest.spyOn(n8nLogger(), 'warn').mockImplementation(() => {});
	});
	afterEach(() => spy.mockRestore());
	return () => spy;
}

module.exports = {
	n8nLogger,
	countEvaluations,
	captureWarnings, loadPackage, runNode, createTrigger, triggerMemo, POLL_MODES, NODE_TYPE, TRIGGER_TYPE, PACKAGE_DIR };
