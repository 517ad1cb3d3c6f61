import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/** Shared parameter descriptions. Names and types are fixed by the public contract. */

export function showFor(resource: string, operations: string[]): IDisplayOptions {
	return { show: { resource: [resource], operation: operations } };
}

/** `deviceId`: pick a device from a searchable list, by UnitId, or by its exact name. */
export function deviceIdLocator(
	displayOptions: IDisplayOptions,
	overrides: Partial<INodeProperties> = {},
): INodeProperties {
	return {
		displayName: 'Device',
		name: 'deviceId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description:
			'The device to act on: its UnitId (a short code such as 0000000088888888) or its exact, case-sensitive name',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a device...',
				typeOptions: { searchListMethod: 'searchDevices', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: '0000000088888888',
				hint: 'The UnitId shown in the RemoteIoT portal; a value that is not shaped like a UnitId is looked up as an exact device name',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^\\s*([A-Za-z0-9_:-]{1,64})?\\s*$',
							errorMessage: 'Not a valid UnitId (letters and digits, such as 0000000088888888)',
						},
					},
				],
			},
			{
				displayName: 'By Name',
				name: 'name',
				type: 'string',
				placeholder: 'Raspberry pi 001',
				hint: 'The exact device name; it must match exactly one device',
			},
		],
		displayOptions,
		...overrides,
	};
}

/** `deviceIds`: comma-separated UnitIds, or an expression returning an array of them. */
export function deviceIdsField(
	displayOptions: IDisplayOptions,
	overrides: Partial<INodeProperties> = {},
): INodeProperties {
	return {
		displayName: 'Device IDs',
		name: 'deviceIds',
		type: 'string',
		default: '',
		placeholder: '0000000088888881, 0000000088888882',
		description:
			'UnitIds separated by commas (such as 0000000088888881, 0000000088888882), or an expression that returns an array of UnitIds. Lists longer than 1000 are sent in several requests.',
		hint: 'Empty = every device. An expression that gives no device is refused, not read as every device.',
		displayOptions,
		...overrides,
	};
}

/**
 * `group`: a device group's name, as a plain string field (the public contract stores a string). Not an
 * `options` list: n8n's editor does not let the model fill an `options` parameter ($fromAI), and a list
 * could not offer a group that has no device yet.
 */
export function groupField(
	displayOptions: IDisplayOptions | undefined,
	overrides: Partial<INodeProperties> = {},
): INodeProperties {
	return {
		displayName: 'Group',
		name: 'group',
		type: 'string',
		default: '',
		placeholder: 'Production',
		description:
			"The name of a RemoteIoT device group, exactly as the portal shows it (case-sensitive). Device > Get Many shows each device's Group; a group made with Group > Create appears there once a device is in it.",
		...(displayOptions ? { displayOptions } : {}),
		...overrides,
	};
}

/** `returnAll` and `limit` for list operations (RemoteIoT returns whole lists; the limit trims them). */
export function returnAllAndLimit(resource: string, operation: string): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: showFor(resource, [operation]),
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { resource: [resource], operation: [operation], returnAll: [false] } },
			routing: { output: { maxResults: '={{$value}}' } },
		},
	];
}

/** The head of an operation's `options` collection (the options themselves follow it). */
export function optionsCollection(displayOptions?: IDisplayOptions) {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection' as const,
		placeholder: 'Add option',
		default: {},
		...(displayOptions ? { displayOptions } : {}),
	};
}

const byOperation = (resource: string, operation: string) => `${resource}\n${operation}`;

/** The operations a property is shown for, as resource/operation keys (undefined: not limited to any). */
function shownFor(property: INodeProperties, operations: string[]): Set<string> | undefined {
	const show = property.displayOptions?.show;
	if (!show || (!show.resource && !show.operation)) return undefined;
	const resources = show.resource as string[] | undefined;
	const chosen = show.operation as string[] | undefined;
	return new Set(
		operations.filter((key) => {
			const [resource, operation] = key.split('\n');
			return (!resources || resources.includes(resource)) && (!chosen || chosen.includes(operation));
		}),
	);
}

/**
 * Merges the properties that are one field shown for several operations (same name and definition,
 * shown under `show` conditions that differ only in resource and operation) into one property, and
 * orders the result so that every operation shows its fields in the order the operation's own file
 * lists them.
 *
 * Why: n8n's declarative engine walks every property of the node for every item, twice, and evaluates
 * the saved value once per property with that name (a `deviceId` given as `{{ $json.UnitId }}` was
 * evaluated once per operation that has a Device). Each operation still declares its own fields in its
 * own file; this is the one place where shared fields become one property.
 */
export function mergeSameFields(properties: INodeProperties[]): INodeProperties[] {
	const operations = properties
		.filter((property) => property.name === 'operation')
		.flatMap((property) =>
			((property.displayOptions?.show?.resource as string[] | undefined) ?? []).flatMap((resource) =>
				(property.options ?? []).map((option) => byOperation(resource, String((option as { value: unknown }).value))),
			),
		);
	const own = properties.map((property) => shownFor(property, operations));
	// Group by everything except the resource and operation they are shown for (functions by identity).
	const functions = new Map<unknown, number>();
	const identity = (_key: string, value: unknown) =>
		typeof value === 'function' ? `function#${functions.get(value) ?? functions.set(value, functions.size).size - 1}` : value;
	const groups = new Map<string, number[]>();
	properties.forEach((property, index) => {
		if (!own[index] || property.name === 'operation' || property.displayOptions?.hide) return;
		const definition: Partial<INodeProperties> = { ...property, displayOptions: undefined };
		const conditions: IDisplayOptions['show'] = { ...property.displayOptions?.show, resource: undefined, operation: undefined };
		const key = JSON.stringify([definition, conditions], identity);
		groups.set(key, [...(groups.get(key) ?? []), index]);
	});
	// unit[i]: the index of the property that property i becomes part of.
	const unit = properties.map((_, index) => index);
	const merged = new Map<number, INodeProperties>();
	let result = inDeclaredOrder(properties, unit, merged, own, operations) as INodeProperties[];
	for (const members of groups.values()) {
		if (members.length < 2) continue;
		const union = new Set(members.flatMap((index) => [...(own[index] as Set<string>)]));
		const resources = [...new Set(members.flatMap((i) => properties[i].displayOptions?.show?.resource as string[]))];
		const chosen = [...new Set(members.flatMap((i) => properties[i].displayOptions?.show?.operation as string[]))];
		const first = properties[members[0]];
		const candidate: INodeProperties = {
			...first,
			displayOptions: { show: { ...first.displayOptions?.show, resource: resources, operation: chosen } },
		};
		// Only when resource × operation shows the field for exactly the operations it belongs to.
		const covered = shownFor(candidate, operations) as Set<string>;
		if (covered.size !== union.size || [...covered].some((key) => !union.has(key))) continue;
		const tried = [...unit];
		for (const index of members) tried[index] = members[0];
		const withCandidate = new Map(merged).set(members[0], candidate);
		// Only when no two operations list it in a different order relative to another merged field.
		const ordered = inDeclaredOrder(properties, tried, withCandidate, own, operations);
		if (!ordered) continue;
		unit.splice(0, unit.length, ...tried);
		merged.set(members[0], candidate);
		result = ordered;
	}
	return result;
}

/**
 * The properties with merged units, ordered so that each operation shows its fields in its declared order
 * (a topological sort, the earliest declared unit first); undefined when no such order exists.
 */
function inDeclaredOrder(
	properties: INodeProperties[],
	unit: number[],
	merged: Map<number, INodeProperties>,
	own: Array<Set<string> | undefined>,
	operations: string[],
): INodeProperties[] | undefined {
	const after = new Map<number, Set<number>>();
	const before = new Map<number, number>();
	const units = [...new Set(unit)];
	for (const key of operations) {
		// The operation's own declaration order (a merged unit where its member for this operation is).
		const sequence = [...new Set(unit.filter((_, index) => !own[index] || own[index]?.has(key)))];
		for (let k = 1; k < sequence.length; k++) {
			const edges = after.get(sequence[k - 1]) ?? new Set<number>();
			if (!edges.has(sequence[k])) before.set(sequence[k], (before.get(sequence[k]) ?? 0) + 1);
			edges.add(sequence[k]);
			after.set(sequence[k - 1], edges);
		}
	}
	const result: INodeProperties[] = [];
	const ready = units.filter((u) => !before.get(u));
	while (ready.length > 0) {
		ready.sort((a, b) => a - b);
		const next = ready.shift() as number;
		result.push(merged.get(next) ?? properties[next]);
		for (const following of after.get(next) ?? []) {
			const left = (before.get(following) ?? 0) - 1;
			before.set(following, left);
			if (left === 0) ready.push(following);
		}
	}
	return result.length === units.length ? result : undefined;
}
