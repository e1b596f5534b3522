"""JavaScript toolchain edge: the pinned AWS SDK for JavaScript v3, type-checked by tsc, run by node.

Stage: a tool edge (subprocesses and disk, no model logic). Inputs: example sources (ES
modules), endpoint URLs. Outputs: tsc diagnostics per file, and per example whether its
``main()`` resolved or threw.

- :func:`install` copies ``generator/verify/toolchains/js/package.json`` + ``package-lock.json`` (the
  one place the versions are pinned) to ``.cache/js/`` and runs ``npm ci`` there once per lockfile
  (a stamp holds the lockfile's hash). Work folders are made inside ``.cache/js/`` so node and tsc
  find ``node_modules`` by walking up, as they would in a user's project.
- :func:`typecheck` runs one ``tsc --noEmit`` over all files (``checkJs``, ``moduleDetection``
  force, NodeNext resolution): the examples' JSDoc ``@type`` makes a misspelled member an error.
- :func:`run_batch` imports every example in one node process, each after setting
  ``AWS_ENDPOINT_URL`` to its own URL (the endpoint tags requests by path), awaits ``main()``
  and records each outcome; node is ended with ``process.exit`` after the last.
  Harness-side only: ``*.127.0.0.1`` host-prefixed names resolve to 127.0.0.1, HTTP/2
  clients reach the HTTP/1.1 endpoint through a local relay, and a request an SQS client sends
  to the host of its ``QueueUrl`` (an ``*.amazonaws.com`` name) goes to the example's endpoint.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.verify import loopback_dns

REPO_ROOT = Path(__file__).resolve().parents[2]
PINS = Path(__file__).resolve().parent / "toolchains" / "js"
DEFAULT_CACHE_DIR = REPO_ROOT / ".cache" / "js"
_TSC_ERROR = re.compile(r"^(.+?\.js)\((\d+),(\d+)\): error (TS\d+): (.*)$")
_RUNNER = """\
import { pathToFileURL } from "node:url";
import { readFileSync, writeFileSync } from "node:fs";
import dns from "node:dns";
import http from "node:http";
import http2 from "node:http2";
import https from "node:https";

// Harness only (the examples are imported unchanged). Host prefixes: a name such as
// management.127.0.0.1 resolves to the loopback address, as the Java run's hosts file does; so
// does one whose prefix ends in "-" rather than "." (stepfunctions' sync-127.0.0.1).
const systemLookup = dns.lookup;
const loopbackName = (name) =>
  name.endsWith("@SUFFIX@") || name.endsWith("-" + "@SUFFIX@".slice(1));
dns.lookup = (hostname, ...rest) =>
  systemLookup.call(dns, loopbackName(String(hostname)) ? "127.0.0.1" : hostname, ...rest);

// SQS clients send to the host of the QueueUrl they are given (useQueueUrlAsEndpoint) unless an
// endpoint is set in code; a request for an AWS host goes to the current example's endpoint
// instead, as a hosts file would send it (the request itself is not changed).
let current = "";
const httpsRequest = https.request;
https.request = (options, ...rest) => {
  const plain = typeof options === "object" && options !== null && !(options instanceof URL);
  const host = plain ? String(options.host ?? options.hostname ?? "") : "";
  if (current && host.endsWith(".amazonaws.com")) {
    const target = new URL(current);
    const prefix = target.pathname.replace(/\\/$/, "");
    const { agent: _agent, hostname: _hostname, ...rest0 } = options;
    return http.request(
      { ...rest0, host: target.hostname, port: target.port, path: prefix + options.path }, ...rest,
    );
  }
  return httpsRequest(options, ...rest);
};

// Clients that default to HTTP/2 (those with event-stream operations) reach the HTTP/1.1
// endpoint through a cleartext HTTP/2 relay, one per endpoint origin.
const relays = new Map();
const relay = (origin) => {
  if (!relays.has(origin)) {
    relays.set(origin, new Promise((resolve) => {
      const server = http2.createServer();
      server.on("stream", (stream, headers) => {
        const chunks = [];
        stream.on("data", (chunk) => chunks.push(chunk));
        stream.on("end", () => {
          const body = Buffer.concat(chunks);
          const forwarded = { host: headers[":authority"] };
          for (const [key, value] of Object.entries(headers)) {
            if (!key.startsWith(":") && key !== "transfer-encoding") forwarded[key] = value;
          }
          forwarded["content-length"] = String(body.length);
          const request = http.request(
            origin + headers[":path"],
            { method: headers[":method"], headers: forwarded },
            (response) => {
              const back = { ":status": response.statusCode };
              for (const [key, value] of Object.entries(response.headers)) {
                if (!["connection", "keep-alive", "transfer-encoding"].includes(key)) back[key] = value;
              }
              stream.respond(back);
              response.pipe(stream);
            },
          );
          request.on("error", (error) => {
            stream.respond({ ":status": 502 });
            stream.end(String(error));
          });
          request.end(body);
        });
      });
      server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${server.address().port}`));
    }));
  }
  return relays.get(origin);
};

const [jobsFile, resultsFile] = process.argv.slice(2);
const jobs = JSON.parse(readFileSync(jobsFile, "utf-8"));
const results = [];
let previous = [];
for (const job of jobs) {
  const started = performance.now();
  const url = new URL(job.url);
  current = job.url;
  process.env.AWS_ENDPOINT_URL = job.http2 ? (await relay(url.origin)) + url.pathname : job.url;
  // a scenario calls several services: each one's endpoint (relayed for an HTTP/2 client)
  for (const key of previous) delete process.env[key];
  previous = Object.keys(job.env ?? {});
  for (const [key, value] of Object.entries(job.env ?? {})) {
    const target = new URL(value);
    process.env[key] = (job.relay ?? []).includes(key) ? (await relay(target.origin)) + target.pathname : value;
  }
  let ok = true;
  let error = "";
  try {
    const module = await import(pathToFileURL(job.file).href);
    await module.main();
  } catch (caught) {
    ok = false;
    error = `${caught?.name ?? "Error"}: ${caught?.message ?? String(caught)}`;
  }
  results.push({ file: job.key ?? job.file, ok, error, millis: performance.now() - started });
}
writeFileSync(resultsFile, JSON.stringify(results));
process.exit(0);
"""


class JsToolError(Exception):
    """npm, tsc or node failed in a way no single example explains."""


@dataclass(frozen=True)
class RunResult:
    file: str
    ok: bool
    error: str
    millis: float


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise JsToolError(f"{name} is not installed (JavaScript examples need Node.js 20+)")
    return found


def child_env(env: Mapping[str, str] | None = None) -> dict[str, str]:
    out = dict(env if env is not None else os.environ)
    out["AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"] = "true"
    out.setdefault("npm_config_update_notifier", "false")
    return out


def install(cache_dir: Path | None = None) -> Path:
    """``npm ci`` of the pinned lockfile into ``cache_dir`` (once per lockfile); returns it."""
    cache = cache_dir or DEFAULT_CACHE_DIR
    cache.mkdir(parents=True, exist_ok=True)
    lock = (PINS / "package-lock.json").read_bytes()
    manifest = (PINS / "package.json").read_bytes()
    want = hashlib.sha256(manifest + lock).hexdigest()
    stamp = cache / ".installed"
    if (
        stamp.is_file()
        and stamp.read_text(encoding="utf-8") == want
        and (cache / "node_modules").is_dir()
    ):
        return cache
    (cache / "package.json").write_bytes(manifest)
    (cache / "package-lock.json").write_bytes(lock)
    result = subprocess.run(
        [_tool("npm"), "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=cache, capture_output=True, text=True, env=child_env(), check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise JsToolError(f"npm ci failed: {result.stderr.strip()[-800:]}")
    stamp.write_text(want, encoding="utf-8")
    return cache


def installed_packages(cache_dir: Path | None = None) -> dict[str, str]:
    """Package -> version of what ``node_modules`` holds for each pinned dependency."""
    cache = cache_dir or DEFAULT_CACHE_DIR
    pins = json.loads((PINS / "package.json").read_text(encoding="utf-8"))["dependencies"]
    out: dict[str, str] = {}
    for name in pins:
        manifest = cache / "node_modules" / name / "package.json"
        if manifest.is_file():
            out[name] = json.loads(manifest.read_text(encoding="utf-8"))["version"]
    return out


def work_dir(cache_dir: Path | None = None) -> Path:
    """A fresh folder under the cache (so ``node_modules`` is found by walking up)."""
    cache = cache_dir or DEFAULT_CACHE_DIR
    (cache / "work").mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix="run-", dir=cache / "work"))


def typecheck(
    files: Sequence[Path], folder: Path, cache_dir: Path | None = None
) -> dict[str, list[str]]:
    """One ``tsc --noEmit`` over ``files``; the errors per file (resolved path), none when clean."""
    cache = cache_dir or DEFAULT_CACHE_DIR
    config = {
        "compilerOptions": {
            "allowJs": True,
            "checkJs": True,
            "noEmit": True,
            "moduleDetection": "force",
            "module": "nodenext",
            "moduleResolution": "nodenext",
            "target": "es2022",
            "skipLibCheck": True,
            "types": ["node"],
            "typeRoots": [str(cache / "node_modules" / "@types")],
        },
        "files": [str(f) for f in files],
    }
    (folder / "tsconfig.json").write_text(json.dumps(config, indent=2), encoding="utf-8")
    tsc = cache / "node_modules" / "typescript" / "bin" / "tsc"
    result = subprocess.run(
        [_tool("node"), str(tsc), "-p", str(folder / "tsconfig.json"), "--pretty", "false"],
        cwd=folder, capture_output=True, text=True, env=child_env(), check=False,
    )  # fmt: skip
    errors: dict[str, list[str]] = {}
    for line in result.stdout.splitlines():
        match = _TSC_ERROR.match(line.strip())
        if match:
            path = str((folder / match.group(1)).resolve())
            errors.setdefault(path, []).append(f"{match.group(4)}: {match.group(5)}")
        elif line.startswith(" ") and errors:
            last = list(errors.values())[-1]
            last[-1] += " " + line.strip()
    if result.returncode != 0 and not errors:
        raise JsToolError(f"tsc failed: {(result.stdout + result.stderr).strip()[-800:]}")
    return errors


def uses_http2(package: str, cache_dir: Path | None = None) -> bool:
    """Whether the installed client defaults to HTTP/2 (``NodeHttp2Handler``)."""
    cache = cache_dir or DEFAULT_CACHE_DIR
    folder = cache / "node_modules" / package / "dist-cjs"
    for name in ("runtimeConfig.js", "index.js"):  # newer clients bundle it into index.js
        config = folder / name
        if config.is_file() and "requestHandler: NodeHttp2Handler" in config.read_text(
            encoding="utf-8"
        ):
            return True
    return False


def run_batch(
    jobs: Sequence[tuple[Path, str, bool]],
    env: Mapping[str, str],
    folder: Path,
    timeout: float = 600,
    job_env: Sequence[tuple[Mapping[str, str], Sequence[str]]] = (),
) -> dict[str, RunResult]:
    """Import and run each (file, endpoint URL, HTTP/2 client) in one node process; results by
    resolved path. ``job_env``, per job: variables set while it runs (a scenario's
    ``AWS_ENDPOINT_URL_<SERVICE>``) and those of them whose client needs the HTTP/2 relay; a
    file may then appear in several jobs, and its results are keyed ``<path>#<job number>``."""
    runner = folder / "sdk-parity-runner.mjs"
    runner.write_text(_RUNNER.replace("@SUFFIX@", loopback_dns.SUFFIX), encoding="utf-8")
    jobs_file, results_file = folder / "jobs.json", folder / "results.json"
    jobs_file.write_text(
        json.dumps([{"file": str(f.resolve()), "url": url, "http2": h2,
                     **({"env": dict(job_env[n][0]), "relay": list(job_env[n][1]), "key": f"{f.resolve()}#{n}"}
                        if job_env else {})}
                    for n, (f, url, h2) in enumerate(jobs)]),  # fmt: skip
        encoding="utf-8",
    )
    started = time.monotonic()
    result = subprocess.run(
        [_tool("node"), str(runner), str(jobs_file), str(results_file)],
        cwd=folder, capture_output=True, text=True, env=child_env(env), timeout=timeout, check=False,
    )  # fmt: skip
    if not results_file.is_file():
        raise JsToolError(
            f"node exited {result.returncode} after {time.monotonic() - started:.1f}s: "
            f"{result.stderr.strip()[-800:]}"
        )
    rows = json.loads(results_file.read_text(encoding="utf-8"))
    return {
        row["file"]: RunResult(
            row["file"], bool(row["ok"]), str(row["error"]), float(row["millis"])
        )
        for row in rows
    }
