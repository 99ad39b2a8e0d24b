# Shared steps of run.sh and test.sh: each installs or builds only what is missing or stale.
# Sourced with the repository root as the working directory.

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi
}

# npm ci only when node_modules is missing or older than the lock file: it wipes and reinstalls everything.
ensure_node_modules() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "Installing npm packages (npm ci)"
    npm ci --no-audit --no-fund
  fi
}

ensure_apt_package() { # command-or-path package
  if ! command -v "$1" >/dev/null 2>&1; then
    log "Installing Debian's $2"
    as_root apt-get install -y "$2" >/dev/null 2>&1 || { as_root apt-get update >/dev/null && as_root apt-get install -y "$2"; }
  fi
}

ensure_chromium() { ensure_apt_package /usr/bin/chromium chromium; }

# The durability test traces the server's system calls (tests/Hindsight.Browser.Tests/DurabilityTests.cs).
ensure_strace() { ensure_apt_package /usr/bin/strace strace; }

# The SDK bundles and the dashboard are built into the server's static files (wwwroot/).
frontend_stamp=src/Hindsight.Server/wwwroot/.build-stamp

build_frontends() {
  log "Building the SDK and the dashboard"
  npm run build --silent
  touch "$frontend_stamp"
}

build_frontends_if_stale() {
  if [ ! -f "$frontend_stamp" ] || [ -n "$(find types/src sdk/src sdk/build.mjs web/src web/index.html web/vite.config.ts \
      package-lock.json -newer "$frontend_stamp" -print -quit 2>/dev/null)" ]; then
    build_frontends
  fi
}
