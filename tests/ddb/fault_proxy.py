#!/usr/bin/env python3
"""Fault-injecting HTTP/1.1 loopback proxy for DynamoDB tests.

Sits between ailife and DynamoDB Local and, for a seeded random share of the
requests, injects the faults a DynamoDB client must survive: throttling,
500/503, a connection dropped before or after the write was applied, a
truncated response, a partial BatchWriteItem (UnprocessedItems), a slow answer
and a corrupted x-amz-crc32.  Everything else passes through untouched.

Usage:
  fault_proxy.py --upstream http://127.0.0.1:M [--port 0] [--seed S]
                 [--rate 0.25] [--faults throttle,500,...] [--ops PutItem,...]
                 [--slow-ms 1500] [--max-consecutive N] [--stats FILE]
                 [--log FILE|-]

The first line on stdout is "listening on http://127.0.0.1:N".

Fault kinds (default: all but "reset"):
  throttle     400 ProvisionedThroughputExceededException or ThrottlingException,
               not forwarded
  500, 503     500 InternalServerError / 503 ServiceUnavailable, not forwarded
  drop_before  connection closed without forwarding and without answering
  drop_after   forwarded (the write is applied), then closed without answering
  truncate     forwarded, then headers with the real Content-Length and only
               part of the body, then closed
  unprocessed  BatchWriteItem only: a random non-empty strict subset of the
               items is held back and returned in UnprocessedItems, the rest is
               forwarded; a one-item batch is answered with 400
               ProvisionedThroughputExceededException as the service does
               when nothing could be processed
  slow         forwarded, answer delayed by --slow-ms
  crc          forwarded, answered with a wrong x-amz-crc32
  reset        (opt-in) forwarded, then the connection is reset (RST)
A kind that does not apply to a request (unprocessed on anything but a
BatchWriteItem with items) is never picked for it.

Control endpoints (not DynamoDB paths): GET /__stats returns the summary;
POST /__config with {"rate":..,"faults":[..],"ops":[..]} changes the settings
(missing keys keep their value; "ops": [] means all operations).

Headers and bodies are never logged (the Authorization header is the only
secret a request carries).  Python 3 standard library only.
"""

import argparse
import http.client
import http.server
import json
import os
import random
import signal
import socket
import struct
import sys
import threading
import time
import urllib.parse
import uuid
import zlib

ALL_FAULTS = ["throttle", "500", "503", "drop_before", "drop_after", "truncate",
              "unprocessed", "slow", "crc", "reset"]
DEFAULT_FAULTS = [f for f in ALL_FAULTS if f != "reset"]
NS = "com.amazonaws.dynamodb.v20120810#"
HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "proxy-authenticate",
              "proxy-authorization", "te", "trailer", "trailers",
              "transfer-encoding", "upgrade", "expect", "content-length"}


class Config:
    """Mutable settings and counters shared by all connection threads."""

    def __init__(self, args):
        self.lock = threading.Lock()
        self.rate = args.rate
        self.faults = parse_faults(args.faults)
        self.ops = parse_ops(args.ops)
        self.slow_ms = args.slow_ms
        self.max_consecutive = args.max_consecutive
        self.seed = args.seed
        self.rng = random.Random(args.seed)
        self.consecutive = 0
        self.requests = 0
        self.forwarded = 0
        self.upstream_errors = 0
        self.unprocessed_items = 0
        self.fault_counts = {k: 0 for k in ALL_FAULTS}
        self.by_op = {}
        self.started = time.time()

    def op_stats(self, op):
        s = self.by_op.get(op)
        if s is None:
            s = {"requests": 0, "forwarded": 0, "faults": {}}
            self.by_op[op] = s
        return s

    def decide(self, op, batch_items):
        """Counts the request and picks its fault (or None) with the seeded
        PRNG; also draws the fault's own random parameters here, under the
        lock, so one seed gives one sequence of decisions."""
        with self.lock:
            self.requests += 1
            self.op_stats(op)["requests"] += 1
            if self.ops and op not in self.ops:
                return None, None
            kinds = [k for k in self.faults
                     if k != "unprocessed" or batch_items > 0]
            if not kinds or self.rate <= 0:
                return None, None
            if self.max_consecutive and self.consecutive >= self.max_consecutive:
                self.consecutive = 0
                return None, None
            if self.rng.random() >= self.rate:
                self.consecutive = 0
                return None, None
            kind = self.rng.choice(kinds)
            param = None
            if kind == "throttle":
                param = self.rng.choice(["ProvisionedThroughputExceededException",
                                         "ThrottlingException"])
            elif kind == "truncate":
                param = self.rng.random()
            elif kind == "unprocessed" and batch_items >= 2:
                keep = self.rng.randint(1, batch_items - 1)
                param = set(self.rng.sample(range(batch_items), keep))
            self.consecutive += 1
            self.fault_counts[kind] += 1
            f = self.op_stats(op)["faults"]
            f[kind] = f.get(kind, 0) + 1
            return kind, param

    def count_forward(self, op):
        with self.lock:
            self.forwarded += 1
            self.op_stats(op)["forwarded"] += 1

    def add(self, name, n=1):
        with self.lock:
            setattr(self, name, getattr(self, name) + n)

    def summary(self):
        with self.lock:
            return {
                "requests": self.requests,
                "forwarded": self.forwarded,
                "faults": dict(self.fault_counts),
                "by_op": json.loads(json.dumps(self.by_op)),
                "upstream_errors": self.upstream_errors,
                "unprocessed_items": self.unprocessed_items,
                "seed": self.seed,
                "rate": self.rate,
                "fault_kinds": list(self.faults),
                "ops": sorted(self.ops),
                "uptime_s": round(time.time() - self.started, 3),
            }

    def reconfigure(self, new):
        with self.lock:
            if "rate" in new:
                self.rate = float(new["rate"])
            if "faults" in new:
                self.faults = parse_faults(",".join(new["faults"]))
            if "ops" in new:
                self.ops = parse_ops(",".join(new["ops"]))
            if "slow_ms" in new:
                self.slow_ms = int(new["slow_ms"])
            self.consecutive = 0


def parse_faults(text):
    kinds = [k.strip() for k in text.split(",") if k.strip()]
    for k in kinds:
        if k not in ALL_FAULTS:
            raise ValueError("unknown fault kind %r (known: %s)" % (k, ",".join(ALL_FAULTS)))
    return kinds


def parse_ops(text):
    return {o.strip() for o in (text or "").split(",") if o.strip()}


def crc32(data):
    return zlib.crc32(data) & 0xFFFFFFFF


def batch_entries(body):
    """The (table, request) pairs of a BatchWriteItem body, or None."""
    try:
        doc = json.loads(body)
        items = doc["RequestItems"]
        out = []
        for table, reqs in items.items():
            for r in reqs:
                out.append((table, r))
        return doc, out
    except (ValueError, KeyError, TypeError, AttributeError):
        return None, []


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fault-proxy"
    timeout = 300  # idle keep-alive connections are dropped after this

    # Set on the server object.
    cfg = None
    upstream = None
    log = None

    def setup(self):
        super().setup()
        # Answers go out at once: without this, Nagle's algorithm and the client's
        # delayed ACK hold each answer on a kept-alive connection for about 40 ms.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.upconn = None
        self.conn_id = next(self.server.conn_ids)

    def finish(self):
        try:
            super().finish()
        finally:
            if self.upconn is not None:
                self.upconn.close()

    def log_message(self, fmt, *args):
        pass

    def log_line(self, text):
        if self.log is not None:
            self.log(time.strftime("%H:%M:%S") + " conn=%d %s" % (self.conn_id, text))

    # --- request body -------------------------------------------------------

    def read_body(self):
        te = (self.headers.get("Transfer-Encoding") or "").lower()
        if "chunked" in te:
            chunks = []
            while True:
                line = self.rfile.readline(65537)
                if not line:
                    raise ConnectionError("eof in chunked body")
                size = int(line.split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while True:  # trailers
                        t = self.rfile.readline(65537)
                        if t in (b"\r\n", b"\n", b""):
                            break
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline(3)
            return b"".join(chunks)
        n = int(self.headers.get("Content-Length") or 0)
        data = self.rfile.read(n) if n > 0 else b""
        if len(data) != n:
            raise ConnectionError("eof in body")
        return data

    # --- answers ------------------------------------------------------------

    def send_raw(self, status, reason, headers, body, body_len=None):
        """Status line and headers as given (upstream's case and order), plus
        Content-Length, then the body (or the first body_len bytes of it)."""
        self.send_response_only(status, reason)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body if body_len is None else body[:body_len])
        self.wfile.flush()

    def send_error_json(self, status, reason, type_, message):
        body = json.dumps({"__type": type_, "message": message}).encode()
        self.send_raw(status, reason, [
            ("x-amzn-RequestId", str(uuid.uuid4())),
            ("x-amz-crc32", str(crc32(body))),
            ("Content-Type", "application/x-amz-json-1.0"),
        ], body)

    def drop(self):
        self.close_connection = True

    def reset(self):
        """Closes with RST: SO_LINGER 0, and closed here so that the server's
        own shutdown(SHUT_WR) cannot send a FIN first."""
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
            self.connection.close()
        except OSError:
            pass

    # --- upstream -----------------------------------------------------------

    def forward(self, body, identity=False):
        """Sends the request upstream; returns (status, reason, headers, body)
        or None when upstream could not be reached."""
        headers = []
        for k, v in self.headers.items():
            lk = k.lower()
            if lk in HOP_BY_HOP:
                continue
            if identity and lk == "accept-encoding":
                continue
            headers.append((k, v))
        if identity:
            headers.append(("Accept-Encoding", "identity"))
        headers.append(("Content-Length", str(len(body))))
        for attempt in (1, 2):
            reused = self.upconn is not None
            if self.upconn is None:
                u = self.upstream
                self.upconn = http.client.HTTPConnection(u.hostname, u.port or 80, timeout=60)
            try:
                self.upconn.putrequest(self.command, self.path, skip_host=True,
                                       skip_accept_encoding=True)
                for k, v in headers:
                    self.upconn.putheader(k, v)
                self.upconn.endheaders(body)
                resp = self.upconn.getresponse()
                data = resp.read()
                rheaders = [(k, v) for k, v in resp.getheaders()
                            if k.lower() not in HOP_BY_HOP]
                if resp.will_close:
                    self.upconn.close()
                    self.upconn = None
                return resp.status, resp.reason, rheaders, data
            except (http.client.RemoteDisconnected, BrokenPipeError,
                    ConnectionResetError) as e:
                # A kept-alive upstream connection closed while idle: one
                # retry on a fresh one, as any HTTP client does.
                self.upconn.close()
                self.upconn = None
                if attempt == 2 or not reused:
                    self.log_line("upstream error: %s" % e)
                    return None
            except (OSError, http.client.HTTPException) as e:
                self.upconn.close()
                self.upconn = None
                self.log_line("upstream error: %s" % e)
                return None
        return None

    # --- methods ------------------------------------------------------------

    def do_GET(self):
        if self.path == "/__stats":
            self.read_body()
            body = json.dumps(self.cfg.summary(), indent=1).encode()
            self.send_raw(200, "OK", [("Content-Type", "application/json")], body)
            return
        self.proxy()

    def do_POST(self):
        if self.path == "/__config":
            try:
                self.cfg.reconfigure(json.loads(self.read_body() or b"{}"))
                body = json.dumps(self.cfg.summary(), indent=1).encode()
                self.send_raw(200, "OK", [("Content-Type", "application/json")], body)
            except (ValueError, TypeError, AttributeError) as e:
                self.send_raw(400, "Bad Request", [("Content-Type", "text/plain")],
                              ("bad config: %s\n" % e).encode())
            return
        self.proxy()

    def proxy(self):
        t0 = time.monotonic()
        try:
            body = self.read_body()
        except (ValueError, ConnectionError, OSError):
            self.close_connection = True
            return
        target = self.headers.get("X-Amz-Target") or ""
        op = target.rsplit(".", 1)[-1] if target else "(none)"
        doc, entries = (None, [])
        if op == "BatchWriteItem":
            doc, entries = batch_entries(body)
        kind, param = self.cfg.decide(op, len(entries))
        note = self.apply(kind, param, op, body, doc, entries)
        t1 = time.monotonic()
        self.log_line("op=%s fault=%s %s bytes=%d ms=%d start=%.4f end=%.4f" % (
            op, kind or "-", note, len(body), (t1 - t0) * 1000, t0, t1))

    def apply(self, kind, param, op, body, doc, entries):
        """Carries out one decision; returns a short note for the log."""
        cfg = self.cfg
        if kind == "throttle":
            ns = NS if param == "ProvisionedThroughputExceededException" \
                else "com.amazon.coral.availability#"
            self.send_error_json(400, "Bad Request", ns + param,
                                 "injected by fault_proxy: rate of requests exceeds the allowed throughput")
            return "status=400"
        if kind == "500":
            self.send_error_json(500, "Internal Server Error", NS + "InternalServerError",
                                 "injected by fault_proxy: internal server error")
            return "status=500"
        if kind == "503":
            self.send_error_json(503, "Service Unavailable", NS + "ServiceUnavailable",
                                 "injected by fault_proxy: service unavailable")
            return "status=503"
        if kind == "drop_before":
            self.drop()
            return "dropped"
        if kind == "unprocessed" and param is None:
            # One-item batch: nothing can be processed, which the service
            # reports as a throttling error rather than a 200.
            cfg.add("unprocessed_items", len(entries))
            self.send_error_json(400, "Bad Request", NS + "ProvisionedThroughputExceededException",
                                 "injected by fault_proxy: no item of the batch could be processed")
            return "status=400 unprocessed=%d/%d" % (len(entries), len(entries))

        held = []
        if kind == "unprocessed":
            fwd_items = {}
            for i, (table, req) in enumerate(entries):
                if i in param:
                    fwd_items.setdefault(table, []).append(req)
                else:
                    held.append((table, req))
            doc = dict(doc)
            doc["RequestItems"] = fwd_items
            body = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

        cfg.count_forward(op)
        res = self.forward(body, identity=(kind == "unprocessed"))
        if res is None:
            cfg.add("upstream_errors")
            self.close_connection = True
            self.send_error_json(502, "Bad Gateway", NS + "InternalServerError",
                                 "fault_proxy: upstream unreachable")
            return "upstream=unreachable"
        status, reason, headers, data = res

        if kind == "unprocessed" and status == 200:
            try:
                rdoc = json.loads(data)
                un = rdoc.get("UnprocessedItems") or {}
                for table, req in held:
                    un.setdefault(table, []).append(req)
                rdoc["UnprocessedItems"] = un
                data = json.dumps(rdoc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
                headers = [(k, str(crc32(data)) if k.lower() == "x-amz-crc32" else v)
                           for k, v in headers]
                cfg.add("unprocessed_items", len(held))
            except (ValueError, AttributeError, TypeError):
                pass
        note = "upstream=%d" % status
        if kind == "unprocessed":
            note += " unprocessed=%d/%d" % (len(held), len(entries))

        if kind == "drop_after":
            self.drop()
            return note + " dropped"
        if kind == "reset":
            self.reset()
            return note + " reset"
        if kind == "truncate":
            self.close_connection = True
            if not data:
                self.wfile.write(("HTTP/1.1 %d %s\r\n" % (status, reason)).encode("latin-1"))
                self.wfile.flush()
                return note + " truncated=headers"
            cut = min(int(param * len(data)), len(data) - 1)
            self.send_raw(status, reason, headers, data, body_len=cut)
            return note + " truncated=%d/%d" % (cut, len(data))
        if kind == "slow":
            time.sleep(cfg.slow_ms / 1000.0)
            note += " slow=%dms" % cfg.slow_ms
        if kind == "crc":
            good = str(crc32(data))
            bad = str((crc32(data) + 1) & 0xFFFFFFFF)
            if any(k.lower() == "x-amz-crc32" for k, _ in headers):
                headers = [(k, bad if k.lower() == "x-amz-crc32" else v) for k, v in headers]
            else:
                headers = headers + [("x-amz-crc32", bad)]
            note += " crc=%s(not %s)" % (bad, good)
        self.send_raw(status, reason, headers, data)
        return note

    def handle_one_request(self):
        try:
            super().handle_one_request()
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            # The client went away (e.g. its timeout fired during "slow").
            self.close_connection = True


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def handle_error(self, request, client_address):
        # Connection errors are expected here; keep stderr quiet for them.
        exc = sys.exc_info()[1]
        if isinstance(exc, (OSError, ConnectionError)):
            return
        super().handle_error(request, client_address)


def write_stats(cfg, path):
    tmp = "%s.tmp.%d" % (path, os.getpid())
    with open(tmp, "w") as f:
        json.dump(cfg.summary(), f, indent=1, sort_keys=True)
        f.write("\n")
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser(description="Fault-injecting proxy in front of DynamoDB Local.")
    ap.add_argument("--upstream", required=True, help="http://127.0.0.1:PORT of DynamoDB Local")
    ap.add_argument("--port", type=int, default=0, help="listening port on 127.0.0.1 (0: any free one)")
    ap.add_argument("--seed", type=int, default=None, help="PRNG seed (default: from the clock; reported in the stats)")
    ap.add_argument("--rate", type=float, default=0.25, help="share of requests that get a fault (0..1)")
    ap.add_argument("--faults", default=",".join(DEFAULT_FAULTS),
                    help="comma-separated fault kinds: " + ",".join(ALL_FAULTS))
    ap.add_argument("--ops", default="", help="only these operations (X-Amz-Target suffix), comma-separated")
    ap.add_argument("--slow-ms", type=int, default=1500, help="delay of the 'slow' fault")
    ap.add_argument("--max-consecutive", type=int, default=0,
                    help="never more than N faults in a row (0: no limit)")
    ap.add_argument("--stats", default=None, help="JSON summary, rewritten every second and on exit")
    ap.add_argument("--log", default=None, help="one line per request to FILE ('-' = stderr); no headers, no bodies")
    args = ap.parse_args()

    if args.seed is None:
        args.seed = int.from_bytes(os.urandom(4), "big")
    try:
        cfg = Config(args)
    except ValueError as e:
        ap.error(str(e))
    up = urllib.parse.urlsplit(args.upstream)
    if up.scheme != "http" or not up.hostname:
        ap.error("--upstream must be http://HOST:PORT")

    log = None
    if args.log:
        logf = sys.stderr if args.log == "-" else open(args.log, "a", buffering=1)
        log_lock = threading.Lock()

        def log(line):
            with log_lock:
                logf.write(line + "\n")
                logf.flush()

    Handler.cfg = cfg
    Handler.upstream = up
    Handler.log = staticmethod(log) if log else None
    server = Server(("127.0.0.1", args.port), Handler)
    server.conn_ids = iter(range(1, 1 << 62))
    port = server.server_address[1]

    done = threading.Event()

    def on_signal(signum, frame):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    if args.stats:
        write_stats(cfg, args.stats)

        def ticker():
            while not done.wait(1.0):
                try:
                    write_stats(cfg, args.stats)
                except OSError:
                    pass

        threading.Thread(target=ticker, daemon=True).start()

    if log:
        log("listening on http://127.0.0.1:%d upstream=%s seed=%d rate=%g faults=%s ops=%s" % (
            port, args.upstream, args.seed, args.rate, ",".join(cfg.faults),
            ",".join(sorted(cfg.ops)) or "all"))
    sys.stdout.write("listening on http://127.0.0.1:%d\n" % port)
    sys.stdout.flush()

    try:
        server.serve_forever(poll_interval=0.2)
    except (SystemExit, KeyboardInterrupt):
        pass
    finally:
        done.set()
        server.server_close()
        if args.stats:
            write_stats(cfg, args.stats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
