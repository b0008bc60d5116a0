#!/usr/bin/env bash
# Makes sure what the test suites talk to is present and running: PostgreSQL and Redis (started if they
# stopped) and Debian's Chromium for browser tests. Idempotent; safe to run on every CI start.
set -euo pipefail

if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "services: starting PostgreSQL" >&2
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi

if command -v redis-cli >/dev/null 2>&1 && ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "services: starting Redis" >&2
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
fi

if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = "0" ]; then
  echo "services: installing Debian's chromium for browser tests" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
fi

# A project-local Dovecot for the IMAP tests: its own config, users and mail under $PARLEY_DOVECOT_DIR, plain
# IMAP on 127.0.0.1:10143 and IMAPS (self-signed) on 127.0.0.1:10993. A system Dovecot, if any, is not touched.
if ! command -v dovecot >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
  echo "services: installing Debian's dovecot-imapd for the IMAP tests" >&2
  apt-get update -qq >&2
  # policy-rc.d on build machines keeps the package's own service from starting; ours is started below.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-imapd >&2
fi
if command -v dovecot >/dev/null 2>&1; then
  "$(dirname "$0")/dovecot-for-tests.sh"
fi
