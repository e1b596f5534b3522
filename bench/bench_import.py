"""Benchmark: importing a typed client package and creating its client, beside boto3.client(...).

For each service (default: ec2, s3, dynamodb, personalize) the package is generated into a
temporary folder and byte-compiled, as ``pip install`` does, and two scripts run in fresh
interpreters, alternating, ``--runs`` times each:

* boto3: ``import boto3; boto3.client("<service>", ...)``;
* typed: ``import sdk_parity_<service>; <Service>Client(...)`` (which creates the same boto3
  client underneath).

Each script measures itself from its first import to the client: wall time, CPU time (user +
system of the process: the figure to read on a shared machine) and peak RSS (``VmHWM``, the
interpreter included, the same for both). Then, in the same processes, the first call of
one operation answered by botocore's Stubber (``--call``: what a cold start pays next; the
typed client loads its tables and builds the classes the call uses there). Medians and the
typed/boto3 ratios are printed (target <= 1.5 for import + client).

Usage: ``.venv/bin/python bench/bench_import.py [--runs 7] [--services ec2,s3]
[--no-call]``; ``--src DIR`` measures packages already generated under ``DIR/python``.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.generate.write import write_tree  # noqa: E402
from generator.model.lower import load_service  # noqa: E402
from generator.naming.python import distribution_name, package_name  # noqa: E402
from generator.targets.client.package import render_client  # noqa: E402
from generator.targets.client.plan import make_plan  # noqa: E402

SERVICES = ("ec2", "s3", "dynamodb", "personalize")
CALLS = {  # an operation of each service with a small stubbed response
    "ec2": ("describe_regions", "describe_regions", {"Regions": [{"RegionName": "us-east-1"}]}),
    "s3": ("list_buckets", "list_buckets", {"Buckets": [{"Name": "amzn-s3-demo-bucket"}]}),
    "dynamodb": ("list_tables", "list_tables", {"TableNames": ["Music"]}),
    "personalize": ("list_schemas", "list_schemas", {"schemas": []}),
}

SCRIPT = """
import json, sys, time
wall, cpu = time.perf_counter(), time.process_time()


def peak():  # VmHWM: ru_maxrss would keep the launching process's peak across exec
    with open("/proc/self/status") as status:
        line = next(l for l in status if l.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


kind, service, package, cls, call = sys.argv[1:6]
keys = dict(region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
if kind == "boto3":
    import boto3
    client = boto3.client(service, **keys)
    inner = client
else:
    import importlib
    client = getattr(importlib.import_module(package), cls)(**keys)
    inner = client.boto3_client
made = [time.perf_counter() - wall, time.process_time() - cpu, peak()]
if call:
    from botocore.stub import Stubber
    method, boto3_method, response = json.loads(call)
    with Stubber(inner) as stub:
        stub.add_response(boto3_method, response)
        wall, cpu = time.perf_counter(), time.process_time()
        getattr(client, method)()
        made += [time.perf_counter() - wall, time.process_time() - cpu, peak()]
print(json.dumps(made))
"""


def _generate(service: str, out: Path) -> Path:
    write_tree(render_client(load_service(service), None), out, prune=True)
    src = out / "python" / distribution_name(service) / "src"
    compileall.compile_dir(src, quiet=1)  # as pip does on install
    return src


def _run(kind: str, service: str, src: Path, call: str) -> list[float]:
    cls = make_plan(load_service(service), None).client_class
    env = {**os.environ, "PYTHONPATH": str(src)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    command = [sys.executable, "-c", SCRIPT, kind, service, package_name(service), cls, call]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    figures: list[float] = json.loads(done.stdout)
    return figures


def _row(name: str, boto3: list[float], typed: list[float], unit: str, scale: float) -> str:
    b, t = statistics.median(boto3), statistics.median(typed)
    return f"  {name:<14} boto3 {b * scale:8.1f} {unit}  typed {t * scale:8.1f} {unit}  ratio {t / b:5.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--services", default=",".join(SERVICES))
    parser.add_argument("--src", type=Path, help="packages already generated under DIR/python")
    parser.add_argument("--no-call", action="store_true", help="skip the first call")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for service in args.services.split(","):
            if args.src:
                src = args.src / "python" / distribution_name(service) / "src"
                compileall.compile_dir(src, quiet=1)
            else:
                src = _generate(service, Path(tmp) / service)
            method, boto3_method, response = CALLS.get(service, ("", "", {}))
            call = "" if args.no_call or not method else json.dumps([method, boto3_method, response])
            runs: dict[str, list[list[float]]] = {"boto3": [], "typed": []}
            _run("typed", service, src, call)  # warm the file cache
            for _ in range(args.runs):
                for kind in ("boto3", "typed"):
                    runs[kind].append(_run(kind, service, src, call))
            print(f"{service}: import + client, {args.runs} runs each, medians")
            columns = list(zip(*runs["boto3"], strict=True)), list(zip(*runs["typed"], strict=True))
            b, t = columns
            print(_row("wall", list(b[0]), list(t[0]), "ms", 1e3))
            print(_row("CPU", list(b[1]), list(t[1]), "ms", 1e3))
            print(_row("peak RSS", list(b[2]), list(t[2]), "MB", 1))
            if call:
                print(f"{service}: then the first {method}() (stubbed)")
                print(_row("wall", list(b[3]), list(t[3]), "ms", 1e3))
                print(_row("CPU", list(b[4]), list(t[4]), "ms", 1e3))
                print(_row("peak RSS", list(b[5]), list(t[5]), "MB", 1))
            sys.stdout.flush()


if __name__ == "__main__":
    main()
