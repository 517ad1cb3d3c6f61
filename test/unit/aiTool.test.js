/**
 * What an AI agent's model reads about the RemoteIoT tool, as n8n builds it: the node loaded as n8n loads
 * the package, turned into its `remoteIotTool` variant by n8n's own conversion (n8n's
 * tool-generation/ai-tools.js, from the prepared n8n 2.41.1 when present), then turned into the tool the
 * model is offered by n8n-core's createNodeAsTool (name, description from the operation's `action`
 * through n8n-workflow's makeDescription, parameter schema from the $fromAI expressions).
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { deepCopy } = require('n8n-workflow');
const { createNodeAsTool } = require('n8n-core/dist/execution-engine/node-execution-context/utils/create-node-as-tool');
const { loadPackage } = require('../helpers/engine');

const N8N = path.join(os.homedir(), '.cache/n8n-nodes-remoteiot/n8n-2.41.1-node24/node_modules/n8n');
const AI_TOOLS = path.join(N8N, 'dist/tool-generation/ai-tools.js');
/** Known when the tests are defined, so that the conversion test is run or visibly skipped. */
const CONVERTIBLE = fs.existsSync(AI_TOOLS);

let toolType;
beforeAll(async () => {
	const loader = await loadPackage();
	const description = deepCopy(loader.nodeTypes.remoteIot.type.description);
	if (CONVERTIBLE) {
		// n8n's own conversion into the …Tool variant, as n8n does for every `usableAsTool` node.
		toolType = { description: require(AI_TOOLS).convertNodeToAiTool({ description }).description };
	} else {
		toolType = { description };
	}
});

const fromAI = (key, description, type = 'string') => `={{ $fromAI('${key}', '${description}', '${type}') }}`;

/** The tool the model is offered for one operation of a RemoteIoT tool node named `name`. */
function toolFor(name, resource, operation, parameters = {}) {
	const node = {
		id: 'tool-node',
		name,
		type: 'n8n-nodes-remoteiot.remoteIotTool',
		typeVersion: 1,
		position: [0, 0],
		parameters: { descriptionType: 'auto', resource, operation, ...parameters },
	};
	return createNodeAsTool({ node, nodeType: toolType, handleToolInvocation: async () => '' }).response;
}

function allOperations() {
	return toolType.description.properties
		.filter((p) => p.name === 'operation')
		.flatMap((p) => p.options.map((option) => [p.displayOptions.show.resource[0], option.value, option.action]));
}

// Skipped (and reported as skipped) when scripts/prepare-n8n.sh has not run: the rest of this file still checks n8n-core's tool.
(CONVERTIBLE ? test : test.skip)("n8n's conversion makes the Tool variant with an automatic description (when n8n 2.41.1 is prepared)", () => {
	expect(toolType.description.name).toBe('remoteIotTool');
	expect(toolType.description.outputs).toEqual(['ai_tool']);
	expect(toolType.description.properties.find((p) => p.name === 'descriptionType').default).toBe('auto');
});

test('every operation: the model reads "<action> in RemoteIoT", a short sentence it can act on', () => {
	const operations = allOperations();
	expect(operations).toHaveLength(28);
	for (const [resource, operation, action] of operations) {
		const tool = toolFor('RemoteIoT', resource, operation);
		expect(tool.description).toBe(`${action} in RemoteIoT`);
		expect([resource, operation, action.length <= 150]).toEqual([resource, operation, true]);
		expect(action).toMatch(/^[A-Z][a-z]+ /);
	}
});

test.each([
	['device', 'delete', /\(destructive: removes it from the account for good\)/],
	['connection', 'delete', /\(destructive: closes the tunnel for everyone using it\)/],
	['job', 'deleteAll', /Delete all jobs of a device \(destructive: every job of that device/],
	['chart', 'rotateIds', /Rotate chart IDs.*\(destructive: old chart IDs and chart links stop working\)/],
	['log', 'getNew', /\(consuming: reading them uses them up, a later read will not return them again\)/],
	['job', 'create', /runs a shell command or script on a device \(remote command execution: it changes the device\)/],
])('%s.%s: what it destroys or consumes is in what the model reads', (resource, operation, words) => {
	expect(toolFor('RemoteIoT', resource, operation).description).toMatch(words);
});

test('the tool name is the node name, and the $fromAI parameters are its schema, with the descriptions the model reads', () => {
	const tool = toolFor('Device status', 'device', 'getStatus', {
		deviceIds: fromAI('deviceIds', 'UnitIds of the devices, separated by commas'),
	});
	expect(tool.name).toBe('Device_status');
	expect(tool.description).toBe('Get whether devices are online and when they were last online in RemoteIoT');
	expect(Object.keys(tool.schema.shape)).toEqual(['deviceIds']);
	expect(tool.schema.shape.deviceIds.description).toBe('UnitIds of the devices, separated by commas');
});

test('Group can be handed to the model: it is a plain string parameter, not an options list', () => {
	const groups = toolType.description.properties.filter((p) => p.name === 'group');
	expect(groups.length).toBeGreaterThan(0);
	for (const group of groups) expect(group.type).toBe('string');
	const nested = toolType.description.properties
		.filter((p) => p.type === 'collection')
		.flatMap((p) => p.options)
		.filter((p) => p.name === 'group');
	for (const group of nested) expect(group.type).toBe('string');
	const tool = toolFor('Move device', 'device', 'changeGroup', {
		deviceId: fromAI('device', 'UnitId or exact name of the device'),
		group: fromAI('group', 'Name of the device group'),
	});
	expect(Object.keys(tool.schema.shape).sort()).toEqual(['device', 'group']);
});

test('no parameter an agent fills is an options list it cannot take $fromAI for (apart from resource/operation choices)', () => {
	const fixedChoices = new Set(['resource', 'operation', 'commandType', 'target', 'descriptionType']);
	const all = toolType.description.properties.flatMap((p) => (p.type === 'collection' ? [p, ...p.options] : [p]));
	const options = all.filter((p) => p.type === 'options' && !fixedChoices.has(p.name)).map((p) => p.name);
	expect(options).toEqual([]);
});
