import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class RemoteIotApi implements ICredentialType {
	name = 'remoteIotApi';

	displayName = 'RemoteIoT API';

	icon: Icon = { light: 'file:../icons/remoteiot.svg', dark: 'file:../icons/remoteiot.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-remoteiot/n8n-nodes-remoteiot#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The JSON web token from the API access page of the RemoteIoT portal. API access needs a Business or Enterprise account.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://remoteiot.com/portal/api',
			description:
				'Where the RemoteIoT API lives. Change it only for a proxy or the local sandbox (npm run sandbox).',
		},
		{
			displayName: 'Max Concurrent Requests',
			name: 'maxConcurrentRequests',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 64, numberPrecision: 0 },
			default: 0,
			description:
				'A hard cap on the requests this account has in flight at once in this n8n process, shared by every workflow, trigger and list search. 0 = adaptive: it grows while RemoteIoT keeps up, shrinks and slows down when it answers 403 (rate limited), up to 64.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(new RegExp("/+$"), "")}}',
			url: '/ListChart',
			method: 'POST',
		},
	};
}
