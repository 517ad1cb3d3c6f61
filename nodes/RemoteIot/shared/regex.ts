import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

const MAX_PATTERN_LENGTH = 1000;

/** Escapes a text for use inside a regular expression (valid in Java's and JavaScript's flavours). */
export function escapeRegex(text: string): string {
	return text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

/**
 * RemoteIoT matches device names with the server's (Java) regular expressions, so `(?i)` and other
 * Java-only syntax is fine. Only patterns that are invalid in every common flavour are refused here:
 * empty ones, unbalanced brackets or parentheses, and a dangling backslash.
 */
export function checkRegex(node: INode, pattern: unknown, parameter: string, itemIndex?: number): string {
	if (typeof pattern === 'number') pattern = String(pattern);
	if (pattern !== undefined && pattern !== null && typeof pattern !== 'string') {
		throw new NodeOperationError(node, `"${parameter}" must be a regular expression (text), not a ${typeof pattern}`, {
			itemIndex,
			description: 'Enter a regular expression for device names, for example ^Raspberry.',
		});
	}
	if (typeof pattern !== 'string' || pattern.trim() === '') {
		throw new NodeOperationError(node, `The parameter "${parameter}" is empty`, {
			itemIndex,
			description: 'Enter a regular expression for device names, for example ^Raspberry or .* for all devices.',
		});
	}
	if (pattern.length > MAX_PATTERN_LENGTH) {
		throw new NodeOperationError(node, `"${parameter}" is too long (${pattern.length} characters)`, {
			itemIndex,
			description: `Use a regular expression of at most ${MAX_PATTERN_LENGTH} characters.`,
		});
	}
	const problem = findImbalance(pattern);
	if (problem) {
		throw new NodeOperationError(node, `"${parameter}" is not a valid regular expression: ${problem}`, {
			itemIndex,
			description: `Fix the pattern "${pattern.slice(0, 100)}", or escape special characters with a backslash (\\( \\[).`,
		});
	}
	return pattern;
}

function findImbalance(pattern: string): string | undefined {
	const stack: string[] = [];
	let inClass = false;
	for (let i = 0; i < pattern.length; i++) {
		const char = pattern[i];
		if (char === '\\') {
			if (i === pattern.length - 1) return 'it ends with a lone backslash';
			i++;
			continue;
		}
		if (inClass) {
			if (char === ']') inClass = false;
			continue;
		}
		if (char === '[') {
			inClass = true;
			// A ']' right after '[' or '[^' is a literal in every flavour.
			if (pattern[i + 1] === ']') i++;
			else if (pattern[i + 1] === '^' && pattern[i + 2] === ']') i += 2;
		} else if (char === '(') {
			stack.push(char);
		} else if (char === ')') {
			if (!stack.pop()) return `unbalanced ")" at position ${i + 1}`;
		}
	}
	if (inClass) return 'a "[" is never closed';
	if (stack.length) return `a "${stack[stack.length - 1]}" is never closed`;
	return undefined;
}
