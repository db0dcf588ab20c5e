#!/bin/bash
# Every credential source against the local fake (tests/creds/fake_aws.py, which checks each
# SigV4 signature): static keys, role chains (AssumeRole signed by the source keys, cycles
# refused, MFA on a terminal and without one, the cache: a second command asks STS nothing),
# web identity, credential_process, the container endpoint, IMDSv2, SSO (token refresh, and
# the sign-in hint when it cannot), ExpiredTokenException refreshed and retried once. For each,
# the DynamoDB requests that follow are signed with the keys it handed out (the fake answers
# DynamoDB too, and counts requests by key and bad signatures).
# Usage: bash tests/creds/test_sources.sh
. "$(dirname "$0")/lib.sh"
creds_setup sources
need test_sources jq || finish

BASE_KEY=AKIDBASE0000000001
BASE_SECRET=base-S3CR3T-abcdefghijklmnopqrstuvwxyz0123
fake_start fake --key "$BASE_KEY:$BASE_SECRET" --key ASIAPROC0000000001:proc-S3CR3T-0123456789abcdef:proc-T0K3N-1 --mfa-serial arn:aws:iam::123456789012:mfa/me --mfa-code 123456 \
	--mfa-role arn:aws:iam::222222222222:role/Mfa --web-token web-T0K3N-good --container-token container-T0K3N-good \
	--sso-client-id cid --sso-client-secret sso-S3CR3T-client --sso-refresh-token sso-T0K3N-refresh || finish
export AWS_ENDPOINT_URL_DYNAMODB=$FAKE AWS_ENDPOINT_URL_STS=$FAKE AWS_ENDPOINT_URL_SSO=$FAKE \
	AWS_ENDPOINT_URL_SSO_OIDC=$FAKE AWS_REGION=eu-west-1 AILIFE_STORE=dynamodb AILIFE_TABLE=creds-test
stats() { fake_get /__stats; }
# ddb_by AKID: how many DynamoDB requests the fake took signed by that key.
ddb_by() { stats | jq -r --arg k "$1" '.ddb[$k] // 0'; }
last_key() { stats | jq -r '.handed_out[-1] // ""'; }
sts_n() { stats | jq -r --arg a "$1" '.sts[$a] // 0'; }
bad_sigs() { stats | jq -r '.ddb_bad_signature + .sts_bad_signature'; }
line() { printf '%s\n' "$out" | grep -E "^(ok|FAIL) +$1 " | head -1; }

cat >"$HOME/.aws/credentials" <<INI
[base]
aws_access_key_id = $BASE_KEY
aws_secret_access_key = $BASE_SECRET
[keysrole]
aws_access_key_id = $BASE_KEY
aws_secret_access_key = $BASE_SECRET
INI
cat >"$HOME/.aws/config" <<'INI'
[profile admin]
role_arn = arn:aws:iam::111111111111:role/Admin
source_profile = base
role_session_name = ailife-test
[profile keysrole]
role_arn = arn:aws:iam::777777777777:role/KeysRole
role_session_name = kr
[profile deep]
role_arn = arn:aws:iam::333333333333:role/Deep
source_profile = admin
[profile loop1]
role_arn = arn:aws:iam::1:role/a
source_profile = loop2
[profile loop2]
role_arn = arn:aws:iam::1:role/b
source_profile = loop1
[profile mfa]
role_arn = arn:aws:iam::222222222222:role/Mfa
source_profile = base
mfa_serial = arn:aws:iam::123456789012:mfa/me
[profile proc]
credential_process = sh -c 'echo "hello from the process" >&2; cat "$HOME/proc.json"'
[profile procfail]
credential_process = sh -c 'echo "the process says no" >&2; exit 4'
[profile sso]
sso_session = corp
sso_account_id = 444455556666
sso_role_name = Reader
[sso-session corp]
sso_start_url = https://corp.example/start
sso_region = eu-west-1
[profile ssolegacy]
sso_start_url = https://old.example/start
sso_region = eu-west-1
sso_account_id = 444455556666
sso_role_name = Reader
[profile ecs]
role_arn = arn:aws:iam::555555555555:role/FromEcs
credential_source = EcsContainer
INI
chmod 600 "$HOME/.aws/config" "$HOME/.aws/credentials"

# --- 1. static keys of a profile: doctor names the source and the identity; DynamoDB signed with them
run "$A" --profile base doctor
check_rc "static profile: doctor exit 0" 0 "$rc"
check_contains "... names the source" "$(line credentials)" "static keys ($HOME/.aws/credentials [base]), do not expire"
check_contains "... the identity from GetCallerIdentity" "$(line identity)" "account 123456789012, arn:aws:iam::123456789012:user/$BASE_KEY"
check_true "... DynamoDB requests signed with the profile's key" test "$(ddb_by $BASE_KEY)" -ge 2
check_eq "... no bad signature" 0 "$(bad_sigs)"

# --- 2. role_arn + source_profile: AssumeRole signed by the source keys, DynamoDB by the role's
run "$A" --profile admin doctor
check_rc "role profile: doctor exit 0" 0 "$rc"
check_eq "... one AssumeRole" 1 "$(sts_n AssumeRole)"
role_key=$(last_key)
check_contains "... the source and the role" "$(line credentials)" "then role arn:aws:iam::111111111111:role/Admin"
check_contains "... the identity is the role's" "$(line identity)" "assumed-role/Admin/ailife-test"
check_true "... DynamoDB requests signed with the handed-out key" test "$(ddb_by "$role_key")" -ge 2
check_eq "... no bad signature" 0 "$(bad_sigs)"
cache_file=$(ls "$HOME/.aws/cli/cache/"*.json 2>/dev/null | head -1)
check_true "... the role's credentials are cached in ~/.aws/cli/cache" test -n "$cache_file"
check_eq "... 0600" 600 "$(stat -c %a "$cache_file" 2>/dev/null)"
check_eq "... the file the AWS CLI would name (sha1 of its arguments)" \
	"$(printf '%s' '{"RoleArn": "arn:aws:iam::111111111111:role/Admin", "RoleSessionName": "ailife-test"}' | sha1sum | cut -c1-40).json" \
	"$(basename "$cache_file")"
n=$(ddb_by "$role_key")
run "$A" --profile admin doctor
check_eq "a second command asks STS nothing (the cache)" 1 "$(sts_n AssumeRole)"
check_contains "... doctor says so" "$(line credentials)" "from ~/.aws/cli/cache"
check_true "... and signs with the cached key" test "$(ddb_by "$role_key")" -gt "$n"

# Keys and role_arn in one profile: the role is assumed with those keys, as the CLI does.
run "$A" --profile keysrole doctor
check_contains "keys + role_arn: the role is assumed" "$(line identity)" "assumed-role/KeysRole/kr"

# --- 3. a chain of two roles, and a cycle
run "$A" --profile deep doctor
check_rc "two roles: doctor exit 0" 0 "$rc"
check_contains "... the last role is the identity" "$(line identity)" "assumed-role/Deep/"
check_eq "... no bad signature (each AssumeRole signed by the keys before it)" 0 "$(bad_sigs)"
run "$A" --profile loop1 --user x goal list
check_rc "a source_profile loop: exit 2" 2 "$rc"
check_contains "... named" "$err" "source_profile loop1 is a loop"

# --- 4. MFA: refused without a terminal, asked on one
run python3 -c 'import os, sys; os.setsid(); os.execv(sys.argv[1], sys.argv[1:])' "$A" --profile mfa --user x goal list
check_rc "MFA without a terminal: refused" 1 "$rc"
check_contains "... with a clear message" "$err" "needs an MFA code (mfa_serial arn:aws:iam::123456789012:mfa/me) and there is no terminal"
n=$(sts_n AssumeRole)
run python3 "$ROOT/tests/cli/on_tty.py" --answer 123456 "$A" --profile mfa doctor
check_contains "MFA on a terminal: the code is asked" "$out" "Enter MFA code for arn:aws:iam::123456789012:mfa/me"
check_contains "... and the role assumed with it" "$out" "assumed-role/Mfa/"
run python3 -c 'import os, sys; os.setsid(); os.execv(sys.argv[1], sys.argv[1:])' "$A" --profile mfa doctor
check_rc "... then without a terminal: the cache, no code asked" 0 "$rc"
check_eq "... one AssumeRole for both" $((n + 1)) "$(sts_n AssumeRole)"
rm -f "$HOME/.aws/cli/cache/"*.json
run python3 "$ROOT/tests/cli/on_tty.py" --answer 12 "$A" --profile mfa --user x goal list
check_contains "a code that is not 6 digits is refused" "$out" "the MFA code for arn:aws:iam::123456789012:mfa/me must be 6 digits"
run python3 "$ROOT/tests/cli/on_tty.py" --answer 654321 "$A" --profile mfa --user x goal list
check_contains "a wrong code: STS's refusal" "$out" "AccessDenied: MultiFactorAuthentication failed"

# --- 5. web identity (the EKS environment form), unsigned
printf 'web-T0K3N-good' >"$W/web-token"
AWS_WEB_IDENTITY_TOKEN_FILE="$W/web-token" AWS_ROLE_ARN=arn:aws:iam::666666666666:role/Pod AWS_ROLE_SESSION_NAME=pod \
	run "$A" doctor
check_rc "web identity: doctor exit 0" 0 "$rc"
check_eq "... AssumeRoleWithWebIdentity asked once (doctor checks, then opens from the cache)" 1 "$(sts_n AssumeRoleWithWebIdentity)"
check_contains "... the identity" "$(line identity)" "role/Pod/pod"
check_true "... DynamoDB signed with the handed-out key" test "$(ddb_by "$(last_key)")" -ge 2
printf 'web-T0K3N-bad' >"$W/web-token"
rm -f "$HOME/.aws/cli/cache/"*.json
AWS_WEB_IDENTITY_TOKEN_FILE="$W/web-token" AWS_ROLE_ARN=arn:aws:iam::666666666666:role/Pod run "$A" --user x goal list
check_rc "a refused web identity token: exit 1" 1 "$rc"
check_contains "... STS's word" "$err" "InvalidIdentityToken"

# --- 6. credential_process: its stderr passed through, its failure clear
key=ASIAPROC0000000001
printf '{"Version": 1, "AccessKeyId": "%s", "SecretAccessKey": "proc-S3CR3T-0123456789abcdef", "SessionToken": "proc-T0K3N-1", "Expiration": "2099-01-01T00:00:00Z"}' "$key" >"$HOME/proc.json"
fake_get "/__stats" >/dev/null
run "$A" --profile proc doctor
check_rc "credential_process: doctor exit 0" 0 "$rc"
check_true "... DynamoDB signed with its key" test "$(ddb_by $key)" -ge 2
check_contains "credential_process: its stderr passed through" "$err" "hello from the process"
check_contains "... the source and the expiry" "$(line credentials)" "credential_process ($HOME/.aws/config [profile proc]), expire at 2099-01-01T00:00:00Z"
run "$A" --profile procfail --user x goal list
check_rc "a failing credential_process: exit 1" 1 "$rc"
check_contains "... its stderr passed through" "$err" "the process says no"
check_contains "... and the failure named" "$err" "failed with exit status 4"
printf 'oops proc-S3CR3T-leak' >"$HOME/proc.json"
run "$A" --profile proc --user x goal list
check_contains "bad JSON from credential_process: a clear error" "$err" "its output is not a JSON object"

# --- 7. container credentials: full URI with a token, a token file, a refused token; a role over them
export AWS_CONTAINER_CREDENTIALS_FULL_URI=$FAKE/container/creds
AWS_CONTAINER_AUTHORIZATION_TOKEN=container-T0K3N-good run "$A" doctor
check_rc "container: doctor exit 0" 0 "$rc"
check_eq "... the container asked once (doctor's check and the table share the keys)" 1 "$(stats | jq -r .container)"
check_contains "... the source" "$(line credentials)" "container credentials (AWS_CONTAINER_CREDENTIALS_FULL_URI)"
check_true "... DynamoDB signed with the handed-out key" test "$(ddb_by "$(last_key)")" -ge 2
printf 'container-T0K3N-good\n' >"$W/ctoken"
AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE="$W/ctoken" AWS_CONTAINER_AUTHORIZATION_TOKEN=wrong run "$A" doctor
check_rc "container with a token file (it wins over the variable): exit 0" 0 "$rc"
AWS_CONTAINER_AUTHORIZATION_TOKEN=wrong run "$A" --user x goal list
check_rc "container with a wrong token: exit 1" 1 "$rc"
check_contains "... said" "$err" "HTTP 401 (the authorization token was refused)"
AWS_CONTAINER_AUTHORIZATION_TOKEN=container-T0K3N-good run "$A" --profile ecs doctor
check_contains "credential_source EcsContainer: the role over the container's keys" "$(line identity)" "assumed-role/FromEcs/"
AWS_CONTAINER_CREDENTIALS_FULL_URI=http://10.9.9.9/creds run "$A" --user x goal list
check_rc "a full URI to another host over http: refused" 2 "$rc"
unset AWS_CONTAINER_CREDENTIALS_FULL_URI

# --- 8. IMDSv2: token first; the fake refuses requests without it
check_eq "the fake IMDS refuses a request without a token" 401 \
	"$(curl -s -o /dev/null -w '%{http_code}' "$FAKE/latest/meta-data/iam/security-credentials/")"
refused=$(stats | jq -r .imds_refused)
AWS_EC2_METADATA_DISABLED= AWS_EC2_METADATA_SERVICE_ENDPOINT=$FAKE run "$A" doctor
check_rc "IMDS: doctor exit 0" 0 "$rc"
check_contains "... the source" "$(line credentials)" "EC2 instance metadata (IMDSv2)"
check_eq "... the credentials asked once" 1 "$(stats | jq -r .imds_creds)"
check_true "... a session token was asked first" test "$(stats | jq -r .imds_token)" -ge 1
check_eq "... no request without it" "$refused" "$(stats | jq -r .imds_refused)"
check_true "... DynamoDB signed with the handed-out key" test "$(ddb_by "$(last_key)")" -ge 2
fake_get "/__imds_fail?n=1" >/dev/null
AWS_EC2_METADATA_DISABLED= AWS_EC2_METADATA_SERVICE_ENDPOINT=$FAKE run "$A" doctor
check_rc "IMDS: one failed token request is tried again (doctor exit 0)" 0 "$rc"
check_eq "... the fake refused one" 1 "$(stats | jq -r '.imds_token_failed // 0')"
fake_get "/__imds_fail?n=4" >/dev/null
AWS_EC2_METADATA_DISABLED= AWS_EC2_METADATA_SERVICE_ENDPOINT=$FAKE run "$A" --user x goal list
check_rc "IMDS: two failures in a row (one retry): the command fails" 1 "$rc"
check_contains "... saying why" "$err" "instance metadata ($FAKE): HTTP 503 for PUT /latest/api/token"
check_eq "... after exactly two tries" 3 "$(stats | jq -r '.imds_token_failed // 0')"
fake_get "/__imds_fail?n=0" >/dev/null
AWS_EC2_METADATA_DISABLED=true AWS_EC2_METADATA_SERVICE_ENDPOINT=$FAKE run "$A" --user x goal list
check_contains "AWS_EC2_METADATA_DISABLED: no instance metadata" "$err" "no credentials"

# --- 9. SSO: an expired token refreshed through CreateToken; the legacy form says to sign in
mkdir -p "$HOME/.aws/sso/cache"
tokfile="$HOME/.aws/sso/cache/$(printf corp | sha1sum | cut -c1-40).json"
cat >"$tokfile" <<JSON
{"startUrl": "https://corp.example/start", "region": "eu-west-1", "accessToken": "sso-T0K3N-old",
 "expiresAt": "2020-01-01T00:00:00Z", "clientId": "cid", "clientSecret": "sso-S3CR3T-client",
 "registrationExpiresAt": "2099-01-01T00:00:00Z", "refreshToken": "sso-T0K3N-refresh"}
JSON
run "$A" --profile sso doctor
check_rc "SSO with an expired token: refreshed, doctor exit 0" 0 "$rc"
check_eq "... one CreateToken" 1 "$(stats | jq -r .oidc_create_token)"
check_eq "... one GetRoleCredentials" 1 "$(stats | jq -r .sso_role_credentials)"
check_contains "... the identity is the SSO role's" "$(line identity)" "assumed-role/Reader/"
check_true "... DynamoDB signed with the handed-out key" test "$(ddb_by "$(last_key)")" -ge 2
check_eq "... the cache file stays 0600" 600 "$(stat -c %a "$tokfile")"
check_true "... with the new token's expiry" sh -c "! grep -q 2020-01-01 '$tokfile'"
run "$A" --profile sso doctor
check_eq "a second command: the SSO credentials from ~/.aws/cli/cache" 1 "$(stats | jq -r .sso_role_credentials)"
legacy="$HOME/.aws/sso/cache/$(printf 'https://old.example/start' | sha1sum | cut -c1-40).json"
printf '{"startUrl": "https://old.example/start", "region": "eu-west-1", "accessToken": "sso-T0K3N-x", "expiresAt": "2020-01-01T00:00:00Z"}' >"$legacy"
run "$A" --profile ssolegacy --user x goal list
check_rc "legacy SSO with an expired token: exit 1" 1 "$rc"
check_contains "... says how to sign in again" "$err" 'run `aws sso login --profile ssolegacy`'

# --- 10. ExpiredTokenException in the middle: one refresh, the same request again
n=$(sts_n AssumeRole)
rm -f "$HOME/.aws/cli/cache/"*.json
run "$A" --profile admin doctor
n=$(sts_n AssumeRole)
fake_get "/__expire?n=1" >/dev/null
run "$A" --profile admin --user x goal list
check_eq "ExpiredTokenException: the role asked again once" $((n + 1)) "$(sts_n AssumeRole)"
check_eq "... the fake answered one expired" 1 "$(stats | jq -r .ddb_expired)"
# A write: the same PutItem body again, signed with the new role key.
fake_get "/__expire?n=1" >/dev/null
run "$A" --profile admin --json user create --name Bo --timezone UTC
check_rc "ExpiredTokenException on a write: done after one refresh" 0 "$rc"
puts=$(stats | jq -c '[.ddb_requests[] | select(.[0] == "PutItem")] | .[-2:]')
check_eq "... the PutItem sent twice with the same body" 1 "$(printf '%s' "$puts" | jq -r '[.[][2]] | unique | length')"
check_eq "... the second signed with another (new) key" 2 "$(printf '%s' "$puts" | jq -r '[.[][1]] | unique | length')"
check_eq "... the role asked again for it" $((n + 2)) "$(sts_n AssumeRole)"
fake_get "/__expire?n=50" >/dev/null
run "$A" --profile base --user x goal list
check_rc "expired again after the refresh: the error, not a loop" 1 "$rc"
check_contains "... DynamoDB's word" "$err" "ExpiredTokenException"
# goal list sends its two queries at once: two sends each (one retry), never more.
check_eq "... exactly one retry a call" 6 "$(stats | jq -r .ddb_expired)"
fake_get "/__expire?n=0" >/dev/null
check_eq "no bad signature in all of this" 0 "$(bad_sigs)"

creds_finish
