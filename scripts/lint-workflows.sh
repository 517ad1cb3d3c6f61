#!/usr/bin/env bash
# npm run lint:workflows: every GitHub Actions workflow against the workflow schema (@action-validator/cli,
# offline), plus what a release n8n can verify needs: publish.yml mints an OIDC token (id-token: write) and
# publishes with provenance; ci.yml runs .ci/run on pushes and pull requests.
set -uo pipefail
cd "$(dirname "$0")/.."
bin=node_modules/.bin/action-validator
failed=0
for f in .github/workflows/*.yml; do
  if "$bin" "$f"; then echo "ok    $f (schema)"; else echo "FAIL  $f (schema)"; failed=1; fi
done
need() { # file, fixed string, what it is for
  if grep -qF -- "$2" "$1"; then echo "ok    $1: $3"; else echo "FAIL  $1: $3 (no \"$2\")"; failed=1; fi
}
need .github/workflows/publish.yml 'id-token: write' 'OIDC token for npm provenance'
need .github/workflows/publish.yml 'npm publish --provenance --access public' 'publishes with provenance'
need .github/workflows/publish.yml "- 'v*.*.*'" 'runs on version tags'
need .github/workflows/ci.yml 'bash .ci/run' 'runs .ci/run'
need .github/workflows/ci.yml 'pull_request' 'runs on pull requests'
exit $failed
