#!/usr/bin/env bash
# One command from a fresh Debian/Ubuntu machine to a finished lastmile run on the bundled corpus:
# installs the Debian packages that are missing (pocketsphinx and its English model, sox, flac,
# NIST sctk for the scoring tests), the npm packages, builds, then runs the main job.
#   ./setup.sh             install everything, then run the default suite with pocketsphinx
#   ./setup.sh --deps-only install and build only (what CI uses before `npm test`)
set -euo pipefail
cd "$(dirname "$0")"

packages=(pocketsphinx pocketsphinx-en-us sox flac sctk)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi
echo "setup: building"
npm run --silent build

[ "${1:-}" = "--deps-only" ] && exit 0

echo "setup: running the main job (every built-in scenario on the bundled corpus with pocketsphinx)"
exec node dist/src/cli/main.js perturb scenarios/noisy-room.yaml --corpus fixtures/corpus/manifest.jsonl --out results/quickstart
