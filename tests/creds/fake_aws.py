#!/usr/bin/env python3
"""A loopback fake of the AWS services ailife asks for credentials, and of DynamoDB.

One HTTP/1.1 server, on 127.0.0.1 only, answering:
  STS (POST /, a form with Action=...):
    AssumeRole            SigV4 (service sts) checked against the keys it knows (--key and
                          every set it handed out); --mfa-serial SERIAL --mfa-code CODE makes
                          a role need SerialNumber + TokenCode; --external-id X likewise
    AssumeRoleWithWebIdentity  unsigned; WebIdentityToken must be --web-token
    GetCallerIdentity     SigV4 checked; the account and ARN of the key
  DynamoDB (POST / with X-Amz-Target: DynamoDB_20120810.*): SigV4 (service dynamodb) checked;
    a handed-out key past its expiry gets 400 ExpiredTokenException; DescribeTable answers
    an ACTIVE table, Query an empty page, PutItem {}; --expire-next N answers the next N
    requests with ExpiredTokenException whatever the key.
  Container (GET /container/creds): the Authorization header must be --container-token.
  IMDSv2: PUT /latest/api/token (with X-aws-ec2-metadata-token-ttl-seconds), then GETs of
    /latest/meta-data/iam/security-credentials/[ROLE] with X-aws-ec2-metadata-token
    (401 without it).
  SSO portal (GET /federation/credentials?account_id=&role_name=): x-amz-sso_bearer_token must
    be the current access token (--sso-token, or the last one CreateToken gave).
  SSO-OIDC (POST /token): grantType refresh_token with --sso-client-id, --sso-client-secret and
    --sso-refresh-token gives a new access token.
  --upstream URL: the DynamoDB requests, once checked, go to DynamoDB Local there (with
    the Authorization of one fixed key id: DynamoDB Local keeps a database per key id and
    checks no signature).
  GET /__sso?token=T: the access token the portal takes from now on (a session ended, a new
    sign-in); GET /__expire?n=N: the next N DynamoDB requests are answered expired;
    GET /__imds_fail?n=N: the next N IMDS token PUTs are answered 503.
  GET /__stats: the counters, as JSON (key ids only: never a secret).

Every secret it hands out carries S3CR3T (secret keys) or T0K3N (session and access tokens),
so that the tests' secret-grep can find any that leaks. Handed-out keys live --lifetime
seconds (default 3600). The log (--log) names requests and outcomes, never a header's value
or a body. Python 3 standard library only.

The first line on stdout is "listening on http://127.0.0.1:N".
"""

import argparse
import datetime
import hashlib
import hmac
import http.client
import http.server
import json
import os
import secrets
import sys
import threading
import time
import urllib.parse

LOCK = threading.Lock()
KEYS = {}        # akid -> {"secret", "token", "expires" (epoch s or None), "arn", "account"}
STATS = {"sts": {}, "ddb": {}, "ddb_bad_signature": 0, "ddb_expired": 0, "sts_bad_signature": 0,
         "container": 0, "container_refused": 0, "imds_token": 0, "imds_refused": 0, "imds_creds": 0,
         "sso_role_credentials": 0, "sso_refused": 0, "oidc_create_token": 0, "handed_out": [],
         "ddb_requests": []}
ARGS = None
STATE = {"counter": 0, "expire_next": 0, "sso_token": None, "imds_tokens": set(), "imds_fail": 0}
LOG = None


def log(msg):
    if LOG is not None:
        LOG.write(msg + "\n")
        LOG.flush()


def hand_out(arn, account="123456789012"):
    """A new set of keys, remembered so that requests signed with it verify."""
    with LOCK:
        STATE["counter"] += 1
        akid = "ASIAFAKE%08d" % STATE["counter"]
        secret = "fake-S3CR3T-" + secrets.token_hex(12)
        token = "fake-T0K3N-" + secrets.token_hex(16)
        expires = time.time() + ARGS.lifetime
        KEYS[akid] = {"secret": secret, "token": token, "expires": expires, "arn": arn, "account": account}
        STATS["handed_out"].append(akid)
    return akid, secret, token, expires


def iso(t):
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def sign_key(secret, date, region, service):
    k = hmac.new(("AWS4" + secret).encode(), date.encode(), hashlib.sha256).digest()
    for part in (region, service, "aws4_request"):
        k = hmac.new(k, part.encode(), hashlib.sha256).digest()
    return k


def check_sigv4(method, path, headers, body, service):
    """(akid, None) when the request is signed by a known key for service, else (akid, why)."""
    authz = headers.get("Authorization", "")
    if not authz.startswith("AWS4-HMAC-SHA256 "):
        return None, "not signed"
    parts = {}
    for p in authz[len("AWS4-HMAC-SHA256 "):].split(","):
        k, _, v = p.strip().partition("=")
        parts[k] = v
    try:
        akid, date, region, svc, term = parts["Credential"].split("/")
    except (KeyError, ValueError):
        return None, "bad Credential"
    if svc != service or term != "aws4_request":
        return akid, "signed for service %s, not %s" % (svc, service)
    with LOCK:
        key = KEYS.get(akid)
    if key is None:
        return akid, "unknown key"
    amz = headers.get("X-Amz-Date", "")
    if not amz.startswith(date):
        return akid, "X-Amz-Date does not match the scope"
    try:
        t = datetime.datetime.strptime(amz, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc).timestamp()
    except ValueError:
        return akid, "bad X-Amz-Date"
    if abs(t - time.time()) > 300:
        return akid, "X-Amz-Date too far from now"
    signed = parts.get("SignedHeaders", "").split(";")
    if "host" not in signed:
        return akid, "host not signed"
    if key["token"] is not None and "x-amz-security-token" not in signed:
        return akid, "session token not signed"
    lower = {k.lower(): v for k, v in headers.items()}
    if key["token"] is not None and lower.get("x-amz-security-token") != key["token"]:
        return akid, "wrong session token"
    canon_headers = "".join("%s:%s\n" % (h, " ".join(lower.get(h, "").split())) for h in signed)
    u = urllib.parse.urlsplit(path)
    q = urllib.parse.parse_qsl(u.query, keep_blank_values=True)
    cq = "&".join("%s=%s" % (urllib.parse.quote(k, safe="-_.~"), urllib.parse.quote(v, safe="-_.~"))
                  for k, v in sorted(q))
    creq = "\n".join([method, urllib.parse.quote(u.path or "/", safe="/-_.~"), cq, canon_headers,
                      ";".join(signed), hashlib.sha256(body).hexdigest()])
    sts = "\n".join(["AWS4-HMAC-SHA256", amz, "%s/%s/%s/aws4_request" % (date, region, svc),
                     hashlib.sha256(creq.encode()).hexdigest()])
    want = hmac.new(sign_key(key["secret"], date, region, svc), sts.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(want, parts.get("Signature", "")):
        return akid, "signature does not match"
    return akid, None


def count(table, name):
    with LOCK:
        STATS[table][name] = STATS[table].get(name, 0) + 1


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # the default logs to stderr: ours names no value
        pass

    def body(self):
        n = int(self.headers.get("Content-Length", "0") or "0")
        return self.rfile.read(n) if n > 0 else b""

    def answer(self, status, body, ctype="application/json", extra=None):
        if isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def sts_error(self, status, code, msg):
        log("sts %s -> %s" % (code, status))
        self.answer(status, "<ErrorResponse><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message>"
                    "</Error></ErrorResponse>" % (code, msg), "text/xml")

    def sts_creds(self, action, arn):
        akid, secret, token, exp = hand_out(arn)
        log("sts %s -> %s" % (action, akid))
        self.answer(200, "<%sResponse><%sResult><AssumedRoleUser><Arn>%s</Arn></AssumedRoleUser><Credentials>"
                    "<AccessKeyId>%s</AccessKeyId><SecretAccessKey>%s</SecretAccessKey><SessionToken>%s"
                    "</SessionToken><Expiration>%s</Expiration></Credentials></%sResult></%sResponse>"
                    % (action, action, arn, akid, secret, token, iso(exp), action, action), "text/xml")

    def do_GET(self):
        u = urllib.parse.urlsplit(self.path)
        if u.path == "/__stats":
            with LOCK:
                self.answer(200, json.dumps(STATS))
            return
        if u.path == "/__sso":
            with LOCK:
                STATE["sso_token"] = dict(urllib.parse.parse_qsl(u.query)).get("token")
            self.answer(200, "{}")
            return
        if u.path == "/__imds_fail":
            with LOCK:
                STATE["imds_fail"] = int(dict(urllib.parse.parse_qsl(u.query)).get("n", "1"))
            self.answer(200, "{}")
            return
        if u.path == "/__expire":
            with LOCK:
                STATE["expire_next"] = int(dict(urllib.parse.parse_qsl(u.query)).get("n", "1"))
            self.answer(200, "{}")
            return
        if u.path == "/container/creds":
            if ARGS.container_token is not None and self.headers.get("Authorization") != ARGS.container_token:
                with LOCK:
                    STATS["container_refused"] += 1
                log("container refused")
                self.answer(401, '{"message":"bad token"}')
                return
            with LOCK:
                STATS["container"] += 1
            akid, secret, token, exp = hand_out("arn:aws:sts::123456789012:assumed-role/task/t")
            log("container -> %s" % akid)
            self.answer(200, json.dumps({"AccessKeyId": akid, "SecretAccessKey": secret, "Token": token,
                                         "Expiration": iso(exp), "RoleArn": "arn:aws:iam::123456789012:role/task"}))
            return
        if u.path.startswith("/latest/meta-data/iam/security-credentials/"):
            tok = self.headers.get("X-aws-ec2-metadata-token")
            with LOCK:
                good = tok in STATE["imds_tokens"]
                if not good:
                    STATS["imds_refused"] += 1
            if not good:
                log("imds refused (no token)")
                self.answer(401, "", "text/plain")
                return
            role = u.path[len("/latest/meta-data/iam/security-credentials/"):]
            if role == "":
                self.answer(200, "ec2-role\n", "text/plain")
                return
            if role != "ec2-role":
                self.answer(404, "", "text/plain")
                return
            with LOCK:
                STATS["imds_creds"] += 1
            akid, secret, token, exp = hand_out("arn:aws:sts::123456789012:assumed-role/ec2-role/i-1")
            log("imds -> %s" % akid)
            self.answer(200, json.dumps({"Code": "Success", "Type": "AWS-HMAC", "AccessKeyId": akid,
                                         "SecretAccessKey": secret, "Token": token, "Expiration": iso(exp)}))
            return
        if u.path == "/federation/credentials":
            q = dict(urllib.parse.parse_qsl(u.query))
            with LOCK:
                want = STATE["sso_token"]
            if want is None or self.headers.get("x-amz-sso_bearer_token") != want:
                with LOCK:
                    STATS["sso_refused"] += 1
                log("sso refused")
                self.answer(401, '{"message":"Session token not found or invalid"}',
                            extra={"x-amzn-ErrorType": "UnauthorizedException"})
                return
            with LOCK:
                STATS["sso_role_credentials"] += 1
            akid, secret, token, exp = hand_out("arn:aws:sts::%s:assumed-role/%s/me"
                                                % (q.get("account_id"), q.get("role_name")), q.get("account_id", "?"))
            log("sso GetRoleCredentials %s %s -> %s" % (q.get("account_id"), q.get("role_name"), akid))
            self.answer(200, json.dumps({"roleCredentials": {"accessKeyId": akid, "secretAccessKey": secret,
                                                             "sessionToken": token,
                                                             "expiration": int(exp * 1000)}}))
            return
        self.answer(404, '{"message":"no such path"}')

    def do_PUT(self):
        self.body()
        if self.path == "/latest/api/token":
            if not self.headers.get("X-aws-ec2-metadata-token-ttl-seconds"):
                self.answer(400, "", "text/plain")
                return
            with LOCK:
                fail = STATE["imds_fail"] > 0
                if fail:
                    STATE["imds_fail"] -= 1
                    STATS["imds_token_failed"] = STATS.get("imds_token_failed", 0) + 1
            if fail:
                log("imds token: 503")
                self.answer(503, "", "text/plain")
                return
            tok = "imds-T0K3N-" + secrets.token_hex(8)
            with LOCK:
                STATE["imds_tokens"].add(tok)
                STATS["imds_token"] += 1
            log("imds token")
            self.answer(200, tok, "text/plain")
            return
        self.answer(404, "")

    def do_POST(self):
        body = self.body()
        if self.path == "/token":
            try:
                req = json.loads(body)
            except ValueError:
                req = {}
            ok = (req.get("grantType") == "refresh_token" and req.get("clientId") == ARGS.sso_client_id and
                  req.get("clientSecret") == ARGS.sso_client_secret and
                  req.get("refreshToken") == ARGS.sso_refresh_token)
            if not ok:
                log("oidc CreateToken refused")
                self.answer(400, '{"error":"invalid_grant"}')
                return
            tok = "sso-T0K3N-" + secrets.token_hex(12)
            with LOCK:
                STATE["sso_token"] = tok
                STATS["oidc_create_token"] += 1
            log("oidc CreateToken")
            self.answer(200, json.dumps({"accessToken": tok, "expiresIn": 3600, "tokenType": "Bearer"}))
            return
        target = self.headers.get("X-Amz-Target")
        if target is not None:
            self.dynamodb(target, body)
            return
        form = dict(urllib.parse.parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        action = form.get("Action", "")
        count("sts", action)
        if form.get("Version") != "2011-06-15":
            self.sts_error(400, "InvalidAction", "bad Version")
            return
        if action == "AssumeRoleWithWebIdentity":
            if form.get("WebIdentityToken") != ARGS.web_token:
                self.sts_error(400, "InvalidIdentityToken", "the token was refused")
                return
            self.sts_creds(action, form.get("RoleArn", "?") + "/" + form.get("RoleSessionName", "?"))
            return
        akid, why = check_sigv4("POST", self.path, dict(self.headers.items()), body, "sts")
        if why is not None:
            with LOCK:
                STATS["sts_bad_signature"] += 1
            self.sts_error(403, "SignatureDoesNotMatch", why)
            return
        if action == "GetCallerIdentity":
            key = KEYS[akid]
            log("sts GetCallerIdentity %s" % akid)
            self.answer(200, "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>%s</Arn><UserId>U</UserId>"
                        "<Account>%s</Account></GetCallerIdentityResult></GetCallerIdentityResponse>"
                        % (key["arn"], key["account"]), "text/xml")
            return
        if action == "AssumeRole":
            arn = form.get("RoleArn", "")
            if ARGS.mfa_serial is not None and arn in ARGS.mfa_role:
                if form.get("SerialNumber") != ARGS.mfa_serial or form.get("TokenCode") != ARGS.mfa_code:
                    self.sts_error(403, "AccessDenied", "MultiFactorAuthentication failed")
                    return
            if ARGS.external_id is not None and form.get("ExternalId") != ARGS.external_id:
                self.sts_error(403, "AccessDenied", "bad ExternalId")
                return
            if not form.get("RoleSessionName"):
                self.sts_error(400, "ValidationError", "RoleSessionName is required")
                return
            self.sts_creds(action, arn.replace(":iam:", ":sts:").replace(":role/", ":assumed-role/")
                           + "/" + form["RoleSessionName"])
            return
        self.sts_error(400, "InvalidAction", "unknown action")

    def forward(self, body):
        """The checked request to DynamoDB Local, under one fixed key (it keeps a database per key)."""
        u = urllib.parse.urlsplit(ARGS.upstream)
        hdrs = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "authorization",
                                                                          "x-amz-security-token", "content-length")}
        hdrs["Authorization"] = ("AWS4-HMAC-SHA256 Credential=AKIDFORWARD/20200101/us-east-1/dynamodb/aws4_request, "
                                 "SignedHeaders=host, Signature=0")
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
        try:
            conn.request("POST", "/", body, hdrs)
            r = conn.getresponse()
            data = r.read()
            extra = {k: v for k, v in r.getheaders() if k.lower() in ("x-amz-crc32", "x-amzn-requestid")}
            self.answer(r.status, data, r.getheader("Content-Type", "application/x-amz-json-1.0"), extra)
        finally:
            conn.close()

    def dynamodb(self, target, body):
        op = target.split(".")[-1]
        akid, why = check_sigv4("POST", self.path, dict(self.headers.items()), body, "dynamodb")
        if why is not None:
            with LOCK:
                STATS["ddb_bad_signature"] += 1
            log("ddb %s by %s: %s" % (op, akid, why))
            self.answer(403, json.dumps({"__type": "com.amazon.coral.service#InvalidSignatureException",
                                         "message": why}), "application/x-amz-json-1.0")
            return
        with LOCK:
            # Every checked request: its operation, key id and the SHA-256 of its body (never the body).
            STATS["ddb_requests"].append([op, akid, hashlib.sha256(body).hexdigest()])
            key = KEYS[akid]
            expired = key["expires"] is not None and key["expires"] < time.time()
            if STATE["expire_next"] > 0:
                STATE["expire_next"] -= 1
                expired = True
            if expired:
                STATS["ddb_expired"] += 1
        if expired:
            log("ddb %s by %s: expired" % (op, akid))
            self.answer(400, json.dumps({"__type": "com.amazon.coral.service#ExpiredTokenException",
                                         "message": "The security token included in the request is expired"}),
                        "application/x-amz-json-1.0")
            return
        count("ddb", akid)
        log("ddb %s by %s" % (op, akid))
        if ARGS.upstream is not None:
            self.forward(body)
            return
        try:
            req = json.loads(body)
        except ValueError:
            req = {}
        name = req.get("TableName", "t")
        if op == "DescribeTable":
            keys = [{"AttributeName": "PK", "KeyType": "HASH"}, {"AttributeName": "SK", "KeyType": "RANGE"}]
            ans = {"Table": {"TableName": name, "TableStatus": "ACTIVE", "KeySchema": keys,
                             "AttributeDefinitions": [{"AttributeName": "PK", "AttributeType": "S"},
                                                      {"AttributeName": "SK", "AttributeType": "S"}]}}
        elif op == "Query":
            ans = {"Items": [], "Count": 0, "ScannedCount": 0}
        else:
            ans = {}
        self.answer(200, json.dumps(ans), "application/x-amz-json-1.0")


def main():
    global ARGS, LOG
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--log")
    ap.add_argument("--key", action="append", default=[], help="AKID:SECRET[:TOKEN] a source key it trusts")
    ap.add_argument("--lifetime", type=float, default=3600)
    ap.add_argument("--mfa-serial")
    ap.add_argument("--mfa-code")
    ap.add_argument("--mfa-role", action="append", default=[])
    ap.add_argument("--external-id")
    ap.add_argument("--web-token")
    ap.add_argument("--container-token")
    ap.add_argument("--sso-token")
    ap.add_argument("--sso-client-id")
    ap.add_argument("--sso-client-secret")
    ap.add_argument("--sso-refresh-token")
    ap.add_argument("--expire-next", type=int, default=0)
    ap.add_argument("--upstream", help="DynamoDB Local: checked DynamoDB requests go there (under one fixed key)")
    ap.add_argument("--max-seconds", type=float, default=600, help="stops by itself after this long")
    ARGS = ap.parse_args()
    for k in ARGS.key:
        parts = k.split(":")
        KEYS[parts[0]] = {"secret": parts[1], "token": parts[2] if len(parts) > 2 else None, "expires": None,
                          "arn": "arn:aws:iam::123456789012:user/" + parts[0], "account": "123456789012"}
    STATE["sso_token"] = ARGS.sso_token
    STATE["expire_next"] = ARGS.expire_next
    LOG = open(ARGS.log, "a") if ARGS.log else None
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", ARGS.port), Handler)
    srv.daemon_threads = True
    print("listening on http://127.0.0.1:%d" % srv.server_address[1], flush=True)
    threading.Timer(ARGS.max_seconds, lambda: os._exit(0)).start()
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
