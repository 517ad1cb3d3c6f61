import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export interface NumberRule {
	/** The parameter's display name, as users see it in the editor. */
	parameter: string;
	min: number;
	max: number;
	/** Whole numbers only (ports, hours). */
	integer?: boolean;
	/** What to enter instead, for the error description. */
	hint: string;
	/** "parameter" (default) or "option", for the error message. */
	kind?: 'parameter' | 'option';
}

/**
 * Reads a number parameter the way users set it (a number, or digits from an expression) and refuses
 * anything empty, of the wrong type, or out of range with a NodeOperationError naming the parameter.
 */
export function readNumber(node: INode, raw: unknown, rule: NumberRule, itemIndex?: number): number {
	const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw.trim()) : raw;
	const valid =
		typeof value === 'number' &&
		Number.isFinite(value) &&
		(!rule.integer || Number.isInteger(value)) &&
		value >= rule.min &&
		value <= rule.max;
	if (!valid) {
		const range = `${rule.integer ? 'a whole number' : 'a number'} from ${rule.min} to ${rule.max}`;
		throw new NodeOperationError(node, `The ${rule.kind ?? 'parameter'} "${rule.parameter}" must be ${range}`, {
			itemIndex,
			description: `It is set to ${JSON.stringify(raw) ?? 'nothing'}. ${rule.hint}`,
		});
	}
	return value as number;
}

/** TCP ports (connection local port, remote port). */
export const PORT_RANGE = { min: 1, max: 65535, integer: true } as const;

/** History and uptime windows: RemoteIoT is asked for at most a year at a time. */
export const HOURS_RANGE = { min: 1, max: 8760, integer: true } as const;

/** Waiting for jobs and speed tests: at most a day. */
export const TIMEOUT_RANGE = { min: 1, max: 86400 } as const;
