// What n8n's community-package scanner checks in the published JavaScript: run on the built dist/
// (`npm run lint:dist`, after a build) so the tarball passes as well as the TypeScript sources.
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';

export default [
	{
		files: ['dist/**/*.js'],
		languageOptions: { sourceType: 'commonjs', ecmaVersion: 2022 },
		plugins: { '@n8n/community-nodes': n8nCommunityNodesPlugin },
		rules: {
			'@n8n/community-nodes/no-restricted-globals': 'error',
			'@n8n/community-nodes/no-restricted-imports': 'error',
			'@n8n/community-nodes/no-dangerous-functions': 'error',
			'@n8n/community-nodes/no-hardcoded-secrets': 'error',
			'@n8n/community-nodes/no-deprecated-workflow-functions': 'error',
		},
	},
];
