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
