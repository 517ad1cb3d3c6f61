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
		run = await execute.processRunExecutionData(workflow);
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

/**
 * A polling trigger as n8n 2.x runs it: each poll gets a staged copy of the node's static data that
 * is kept only when poll() returns (thrown away when it throws, and never kept in manual mode).
 */
async function createTrigger({ sandbox, parameters, credentials, staticData = {}, timezone = 'UTC' }) {
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
		id: `wf-trigger-${++executionCounter}`,
		name: 'trigger test',
		active: true,
		nodes: [node],
		connections: {},
		settings: { timezone },
	};
	const nodeTypes = nodeTypesFrom(loader);
	const creds = credentialsFor(sandbox, credentials);
	const state = { persisted: deepCopy(staticData) };
	const trigger = {
		node,
		/** The static data as n8n would persist it between polls and restarts. */
		get staticData() {
			return state.persisted;
		},
		/** Runs one poll; returns the emitted items (flattened) or [] for null; rethrows errors. */
		async poll({ mode = 'trigger', activation = 'activate' } = {}) {
			const workflow = new Workflow({ ...workflowData, nodeTypes, staticData: deepCopy(state.persisted) });
			const additionalData = additionalDataFor(loader, creds, workflowData, mode, `poll-${executionCounter++}`);
			let stagedNode = deepCopy(state.persisted[`node:${node.name}`] ?? {});
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
				() => stagedNode,
			);
			const type = nodeTypes.getByNameAndVersion(TRIGGER_TYPE, 1);
			const result = await type.poll.call(ctx);
			if (mode !== 'manual') {
				state.persisted = { ...state.persisted, [`node:${node.name}`]: stagedNode };
			}
			stagedNode = undefined;
			return result === null ? [] : result.flat();
		},
		/** Simulates a restart: the same persisted static data, a fresh trigger. */
		async restart() {
			return await createTrigger({ sandbox, parameters, credentials, staticData: state.persisted, timezone });
		},
	};
	return trigger;
}

module.exports = { loadPackage, runNode, createTrigger, NODE_TYPE, TRIGGER_TYPE, PACKAGE_DIR };
