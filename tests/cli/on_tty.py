#!/usr/bin/env python3
"""Runs a program with a pseudo-terminal as its standard input, output and error.
  on_tty.py [--answer TEXT] PROGRAM ARGS...
TEXT (and a newline) is typed in first; what the program wrote is printed with CRLF as LF, and
the program's exit status is this one's (128 when a signal ended it)."""
import os, pty, sys

args = sys.argv[1:]
answer = None
if args[:1] == ["--answer"]:
    answer, args = args[1].encode() + b"\n", args[2:]
pid, fd = pty.fork()
if pid == 0:
    os.execv(args[0], ["ailife"] + args[1:])
if answer is not None:
    os.write(fd, answer)
out = b""
while True:
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode("utf-8", "replace").replace("\r\n", "\n"))
sys.exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128)
