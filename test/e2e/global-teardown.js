'use strict';
const fs = require('fs');

module.exports = async () => {
	if (process.env.REMOTEIOT_E2E_PACK_DIR) fs.rmSync(process.env.REMOTEIOT_E2E_PACK_DIR, { recursive: true, force: true });
};
