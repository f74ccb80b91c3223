#!/usr/bin/env python3
"""Runs the README's examples as a newcomer would, extracted from README.md (never copied here):

1. the set-up section's grpcurl block, against the main job (`matcher serve`, no arguments);
2. the "Command line" block, command by command, in order;
3. the configuration block of "gRPC service", saved as serve.toml, served with the token variables set,
   then called (health, reflection) and scraped (/metrics).

Everything runs in a fresh folder with `data/` linked to the project's and the given `matcher` first on PATH.
A command passes when it exits 0 (all good) or 1 (some records rejected, the rest used: the sample holds bad
records on purpose); anything else fails the run, printing the command and its output.

Usage: python3 tests/readme/run_examples.py target/release/matcher
"""

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def blocks(readme):
    """(heading, language, text) of every fenced block, with the latest ## or ### heading above it."""
    out, heading, lang, lines = [], "", None, None
    for line in readme.splitlines():
        if lines is None:
            if line.startswith("#"):
                heading = line.lstrip("#").strip()
            m = re.match(r"^```(\w*)\s*$", line)
            if m:
                lang, lines = m.group(1), []
        elif line.startswith("```"):
            out.append((heading, lang, "\n".join(lines)))
            lines = None
        else:
            lines.append(line)
    return out


def commands(block):
    """The block's commands: backslash continuations joined, comments and blank lines left out."""
    out, current = [], ""
    for line in block.splitlines():
        if not current and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if line.rstrip().endswith("\\"):
            current += line.rstrip()[:-1] + " "
            continue
        out.append(current + line)
        current = ""
    return out


def run(command, cwd, env, ok=(0, 1)):
    started = time.time()
    result = subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=cwd, env=env,
                            capture_output=True, text=True, timeout=900)
    print(f"  [{result.returncode}] {time.time() - started:5.1f}s  {command[:110]}", flush=True)
    if result.returncode not in ok:
        print(result.stdout[-4000:])
        print(result.stderr[-4000:])
        sys.exit(f"README example failed (exit {result.returncode}): {command}")
    return result


class Server:
    """`matcher serve ARGS` in the folder, until stopped; waits for "listening on"."""

    def __init__(self, args, cwd, env):
        self.out = open(os.path.join(cwd, "serve-%d.out" % time.time_ns()), "w+")
        self.proc = subprocess.Popen(["matcher", "serve", *args], cwd=cwd, env=env, stdout=self.out,
                                     stderr=subprocess.STDOUT)
        deadline = time.time() + 300
        while time.time() < deadline:
            self.out.flush()
            with open(self.out.name) as f:
                text = f.read()
            if "listening on" in text:
                self.text = text
                return
            if self.proc.poll() is not None:
                sys.exit(f"matcher serve {args} exited early:\n{text}")
            time.sleep(0.2)
        sys.exit("matcher serve did not listen within 300 s")

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout=120)
        if code != 0:
            sys.exit(f"matcher serve exited with {code}")


def main():
    matcher = os.path.abspath(sys.argv[1])
    readme = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    found = blocks(readme)
    work = tempfile.mkdtemp(prefix="jinqiao-readme-")
    os.symlink(os.path.join(ROOT, "data"), os.path.join(work, "data"))
    bindir = os.path.join(work, "bin")
    os.mkdir(bindir)
    os.symlink(matcher, os.path.join(bindir, "matcher"))
    env = dict(os.environ, PATH=bindir + os.pathsep + os.environ["PATH"], RUST_LOG="warn")

    setup = [b for h, lang, b in found if h.startswith("Set-up") and lang == "sh"]
    calls = [b for b in setup if "grpcurl" in b]
    assert calls, "the set-up section's grpcurl block"
    print("== the set-up section's calls, against the main job")
    server = Server([], work, env)
    for command in commands(calls[0]):
        run(command, work, env, ok=(0,))
    server.stop()

    lines = [b for h, lang, b in found if h == "Command line" and lang == "sh"]
    assert len(lines) == 1, "one block in 'Command line'"
    print("== the 'Command line' block")
    for command in commands(lines[0]):
        run(command, work, env)

    configs = [b for h, lang, b in found if h == "gRPC service" and lang == "toml"]
    assert len(configs) == 1, "one configuration block in 'gRPC service'"
    print("== the configuration block, saved as serve.toml and served")
    with open(os.path.join(work, "serve.toml"), "w") as f:
        f.write(configs[0])
    tokens = dict(env, JINQIAO_TUANTUAN_TOKEN="readme-backend-token-0123456789",
                  JINQIAO_CADRE_C00002="readme-cadre-token-0123456789")
    listen = re.search(r'^listen = "([^"]+)"', configs[0], re.M).group(1)
    metrics = re.search(r'^metrics_listen = "([^"]+)"', configs[0], re.M).group(1)
    server = Server(["--config", "serve.toml"], work, tokens)
    run(f"grpcurl -plaintext {listen} list", work, env, ok=(0,))
    run(f"grpcurl -plaintext {listen} grpc.health.v1.Health/Check", work, env, ok=(0,))
    body = urllib.request.urlopen(f"http://{metrics}/metrics", timeout=30).read().decode()
    assert "jinqiao_requests_total{" in body, body[:2000]
    print(f"  /metrics at {metrics}: {len(body.splitlines())} lines")
    server.stop()
    print("== every README example ran as written")


if __name__ == "__main__":
    main()
