'use strict';
// The n8n editor in a real browser (Debian's Chromium driven by playwright-core): log in, find RemoteIoT in the
// nodes panel, add the trigger and the action node, see the resource/operation selectors and the device picker
// listing the sandbox's devices, and test the credential. Screenshots go to test-results/e2e/; with
// UPDATE_SCREENSHOTS=1 they also replace the README's pictures in docs/.
const fs = require('fs');
const path = require('path');
const { startE2eStack, artifact } = require('./helpers');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const DOCS = path.resolve(__dirname, '..', '..', 'docs');
let stack;
let browser;
let page;

const README_PICTURES = ['node-panel.png', 'trigger.png', 'device-picker.png'];

async function shot(name) {
	const file = artifact(name);
	await page.screenshot({ path: file });
	if (process.env.UPDATE_SCREENSHOTS === '1' && README_PICTURES.includes(name)) fs.copyFileSync(file, path.join(DOCS, name));
}

beforeAll(async () => {
	if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (or set CHROMIUM_PATH)`);
	const { chromium } = require('playwright-core');
	stack = await startE2eStack({ devices: 50 });
	browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
	});
	page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
	page.setDefaultTimeout(30000);
}, 240000);

afterAll(async () => {
	if (browser) await browser.close();
	if (stack) await stack.stop();
});

test('log in, add the RemoteIoT nodes, pick a device and test the credential', async () => {
	const started = Date.now();
	const url = stack.server.url;

	// Log in as the owner.
	await page.goto(`${url}/signin`);
	await page.fill('#emailOrLdapLoginId', stack.owner.email);
	await page.fill('#password', stack.owner.password);
	await page.keyboard.press('Enter');
	await page.waitForURL((u) => !u.pathname.includes('signin'));

	// A new workflow: the nodes panel finds RemoteIoT, with its triggers and actions.
	await page.goto(`${url}/workflow/new`);
	await page.click('[data-test-id="canvas-plus-button"]');
	await page.keyboard.type('RemoteIoT');
	await page.click('[data-test-id="node-creator-item-name"]:text-is("RemoteIoT")');
	await page.getByText('On device offline', { exact: true }).waitFor();
	for (const t of ['On device online', 'On new log lines', 'On job finished']) await page.getByText(t, { exact: true }).waitFor();

	// Add the trigger ("On device offline"): its panel opens with the credential already picked.
	await page.getByText('On device offline', { exact: true }).click();
	await page.locator('[data-test-id="parameter-input-events"]').waitFor();
	await page.locator('[data-test-id="node-credentials-select"] input').first().waitFor();
	expect(await page.locator('[data-test-id="node-credentials-select"] input').first().inputValue()).toBe(stack.credential.name);
	await page.locator('[data-test-id="parameter-input-events"]').getByText('Device Offline', { exact: true }).waitFor();
	// "Fetch Test Event" polls once in manual mode: the seeded fleet has offline devices to show.
	await page.click('[data-test-id="trigger-execute-button"]');
	await page.locator('[data-test-id="output-panel"]').getByText('deviceOffline').first().waitFor({ timeout: 60000 });
	await shot('trigger.png');
	await page.click('[data-test-id="ndv-close-button"]');

	// Add the action node after it: the panel lists the actions per resource.
	await page.click('[data-test-id="canvas-handle-plus"]');
	await page.keyboard.type('RemoteIoT');
	await page.click('[data-test-id="node-creator-item-name"]:text-is("RemoteIoT")');
	for (const t of [
		'Rename a device and optionally change its description',
		'Create a job that runs a shell command or script on a device (remote command execution: it changes the device)',
		'Upload a file to devices, a group or every device',
		'Get the uptime of devices',
	]) {
		await page.getByText(t, { exact: true }).waitFor();
	}
	await page.waitForTimeout(300);
	await shot('node-panel.png');
	await page.getByText('Rename a device and optionally change its description', { exact: true }).click();

	// Resource and operation selectors, then the device picker listing the sandbox's devices.
	const resource = page.locator('[data-test-id="parameter-input-resource"] input').first();
	const operation = page.locator('[data-test-id="parameter-input-operation"] input').first();
	await resource.waitFor();
	expect(await resource.inputValue()).toBe('Device');
	expect(await operation.inputValue()).toBe('Rename');
	await page.click('[data-test-id="resource-locator-deviceId"] [data-test-id="rlc-input"]');
	await page.getByText('Raspberry pi 00001', { exact: false }).first().waitFor();
	const listed = await page.$$eval('[data-test-id="rlc-item"]', (els) => els.map((e) => e.textContent.trim()));
	expect(listed.length).toBeGreaterThanOrEqual(5);
	expect(listed.slice(0, 3)).toEqual(stack.sandbox.fleet.devices.slice(0, 3).map((d) => expect.stringContaining(d.Name)));
	await shot('device-picker.png');
	await page.getByText('Raspberry pi 00003', { exact: false }).first().click();
	expect(await page.locator('[data-test-id="rlc-input"]').first().inputValue()).toContain('Raspberry pi 00003');
	await page.click('[data-test-id="parameter-input-resource"]');
	for (const t of ['Chart', 'Connection', 'Custom Field', 'File', 'Job', 'Log', 'Metric', 'Speed Test', 'Group']) {
		await page.getByRole('option', { name: t, exact: true }).waitFor();
	}
	await page.keyboard.press('Escape');

	// The credential: its dialog tests it on opening; "Retry" runs the test again.
	const before = stack.sandbox.control.requestsTo('ListChart').length;
	await page.click('[data-test-id="credential-edit-button"]');
	await page.locator('[data-test-id="credentials-config-container-test-success"]').waitFor();
	await page.getByRole('button', { name: 'Retry' }).click();
	await page.waitForTimeout(500);
	await page.locator('[data-test-id="credentials-config-container-test-success"]').waitFor();
	expect(await page.getByText('Connection tested successfully').count()).toBeGreaterThan(0);
	expect(stack.sandbox.control.requestsTo('ListChart').length).toBeGreaterThan(before);
	await shot('credential-test.png');
	process.stderr.write(`[e2e] browser test took ${Date.now() - started} ms (n8n ready in ${stack.server.readyMs} ms)\n`);
}, 180000);
