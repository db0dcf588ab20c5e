#!/bin/bash
# The AWS settings' order (defaults < ailife's config file < environment < command line),
# an explicit profile against the environment's keys, a password in an endpoint URL never
# echoed, and "local" meaning a loopback host. Nothing is sent: doctor and --explain only
# (the endpoints are closed loopback ports).
# Usage: bash tests/creds/test_settings.sh
. "$(dirname "$0")/lib.sh"
creds_setup settings

cat >"$HOME/.aws/config" <<'INI'
[default]
region = us-east-1
[profile work]
region = eu-west-1
[profile other]
region = ap-south-1
INI
cat >"$HOME/.aws/credentials" <<'INI'
[default]
aws_access_key_id = AKIDDEFAULT
aws_secret_access_key = default-S3CR3T-aaaaaaaaaaaaaaaaaaaaaaaa
[work]
aws_access_key_id = AKIDWORK
aws_secret_access_key = work-S3CR3T-bbbbbbbbbbbbbbbbbbbbbbbbbbb
[other]
aws_access_key_id = AKIDOTHER
aws_secret_access_key = other-S3CR3T-ccccccccccccccccccccccccc
INI
chmod 600 "$HOME/.aws/config" "$HOME/.aws/credentials"
CFG="$XDG_CONFIG_HOME/ailife/config"
cat >"$CFG" <<'INI'
store = dynamodb
region = ca-central-1
profile = work
endpoint = http://127.0.0.1:9
INI
doc() { run "$A" "$@" doctor; }
line() { printf '%s\n' "$out" | grep -E "^(ok|FAIL) +$1 " | head -1; }

# --- 1. the config file beats the shared files; the environment beats the config file
doc
check_contains "config file's profile is used" "$(line profile)" "work (from $CFG)"
check_contains "config file's region beats the profile's" "$(line region)" "ca-central-1 (from $CFG)"
check_contains "config file's endpoint" "$(line endpoint)" "http://127.0.0.1:9 (from $CFG)"
check_contains "the credentials of the config file's profile" "$(line credentials)" "credentials [work]"

AWS_REGION=eu-central-1 doc
check_contains "AWS_REGION beats the config file's region" "$(line region)" "eu-central-1 (from AWS_REGION)"
AWS_PROFILE=other doc
check_contains "AWS_PROFILE beats the config file's profile" "$(line profile)" "other (from AWS_PROFILE)"
check_contains "... and its region (from the shared file) stays below the config file's" "$(line region)" "ca-central-1"
AWS_ENDPOINT_URL=http://127.0.0.1:8 doc
check_contains "AWS_ENDPOINT_URL beats the config file's endpoint" "$(line endpoint)" "http://127.0.0.1:8 (from AWS_ENDPOINT_URL)"
AWS_REGION=eu-central-1 AWS_PROFILE=other doc --region sa-east-1 --profile default
check_contains "--region beats AWS_REGION" "$(line region)" "sa-east-1 (from option)"
check_contains "--profile beats AWS_PROFILE" "$(line profile)" "default (from option)"

# --- 2. the environment's keys against a profile
export AWS_ACCESS_KEY_ID=AKIDENV AWS_SECRET_ACCESS_KEY=env-S3CR3T-dddddddddddddddddddddddddddd
doc
check_contains "env keys beat the config file's profile" "$(line credentials)" "static keys (environment)"
AWS_PROFILE=other doc
check_contains "AWS_PROFILE beats env keys" "$(line credentials)" "credentials [other]"
doc --profile default
check_contains "--profile beats env keys" "$(line credentials)" "credentials [default]"
unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY

# --- 3. a password in an endpoint URL is never echoed
for src in "--endpoint https://bob:hunter2@db.example.com" ; do
	run "$A" $src doctor
	check_not_contains "doctor: the password of $src is not echoed" "$out$err" "hunter2"
	check_contains "... the URL is named with *** instead" "$out$err" "https://bob:***@db.example.com"
	run "$A" $src --user x goal list
	check_rc "a command refuses an endpoint with a password: exit 2" 2 "$rc"
	check_not_contains "... without echoing the password" "$out$err" "hunter2"
done
AWS_ENDPOINT_URL=https://bob:hunter2@db.example.com run "$A" --user x goal list
check_not_contains "AWS_ENDPOINT_URL's password is not echoed" "$out$err" "hunter2"
printf 'endpoint = ftp://bob:hunter2@db.example.com\n' >"$W/bad.conf"
run "$A" --config "$W/bad.conf" --user x goal list
check_not_contains "a bad endpoint in the config file: password not echoed" "$out$err" "hunter2"
check_contains "... but the key is named" "$err" "endpoint"

# --- 4. plain http: "local" is a loopback host, not a prefix
warned() { run "$A" --explain --endpoint "$1" --user 01J0000000000000000000000A goal list; case "$err" in *"plain http"*) echo yes ;; *) echo no ;; esac; }
check_eq "http://127.0.0.1:8000 is local (no warning)" no "$(warned http://127.0.0.1:8000)"
check_eq "http://127.9.9.9 is local" no "$(warned http://127.9.9.9)"
check_eq "http://localhost:8000 is local" no "$(warned http://localhost:8000)"
check_eq "http://[::1]:8000 is local" no "$(warned 'http://[::1]:8000')"
check_eq "http://127.example.invalid is not local (warned)" yes "$(warned http://127.example.invalid)"
check_eq "http://localhost.example.invalid is not local (warned)" yes "$(warned http://localhost.example.invalid)"
check_eq "http://10.1.2.3 is not local (warned)" yes "$(warned http://10.1.2.3)"

# --- 5. ailife's own timeouts, and max_attempts: a server that accepts and never answers
python3 -c '
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(16)
print(s.getsockname()[1], flush=True)
conns = []
end = time.time() + 60
while time.time() < end:
    s.settimeout(1)
    try:
        conns.append(s.accept()[0])
    except OSError:
        pass
' >"$W/mute.port" &
BG_PIDS+=($!)
for _ in $(seq 1 100); do [ -s "$W/mute.port" ] && break; sleep 0.05; done
MUTE=http://127.0.0.1:$(cat "$W/mute.port")
printf 'read_timeout = 0.5\nconnect_timeout = 1\n' >"$W/timeouts.conf"
t0=$(date +%s%N)
AWS_MAX_ATTEMPTS=1 AWS_ACCESS_KEY_ID=AKIDT AWS_SECRET_ACCESS_KEY=t-S3CR3T-x run "$A" --config "$W/timeouts.conf" \
	--store dynamodb --endpoint "$MUTE" --user x goal list
ms=$((($(date +%s%N) - t0) / 1000000))
check_rc "read_timeout: a silent server fails the command" 1 "$rc"
check_true "... after about half a second, one attempt (AWS_MAX_ATTEMPTS=1), not 30 s ($ms ms)" test "$ms" -lt 4000
printf 'read_timeout = 0\n' >"$W/bad-timeout.conf"
run "$A" --config "$W/bad-timeout.conf" --user x goal list
check_rc "read_timeout = 0: refused" 2 "$rc"
check_contains "... naming the key" "$err" "bad value for read_timeout: '0' (seconds, more than 0 and at most 600)"
AWS_MAX_ATTEMPTS=0 run "$A" --store dynamodb --user x goal list
check_contains "AWS_MAX_ATTEMPTS=0: refused" "$err" "max_attempts '0' (from AWS_MAX_ATTEMPTS): a whole number from 1 to 50"

creds_finish
