"""Verify, scenarios: running one program unmodified, against an endpoint per service.

Stage: verify (an edge: processes). Input: a scenario program's language and text, the URL
each service it calls is served at. Output: ``(exit code, stdout, stderr)``.

A scenario calls several services (a Lambda function's IAM role), each served by its own
loopback server (or all by one moto server), so the program gets ``AWS_ENDPOINT_URL`` for its
own service and ``AWS_ENDPOINT_URL_<SERVICE>`` for every service it calls, which every SDK
reads (the name is botocore's: the service's client name in upper case, ``-`` as ``_``). The
CLI script runs whole with ``sh`` and an ``aws`` first on ``PATH`` that puts the service's
``--endpoint-url`` in front (awscli v1 ignores the variables for sqs and emr); a Python program
runs in a long-lived worker (:mod:`generator.verify.inproc`), as the single examples do.

A CLI script that calls ``aws`` many times would pay an ``aws`` process per call (seconds each
on a loaded machine), so in batch mode (:func:`run_cli_batched`) ``sh`` itself reads the
script with ``aws`` defined as a shell function: it writes its argv to a FIFO and reads the
exit code, standard output and standard error back from three more; the harness runs each argv
through awscli's own driver in a long-lived worker (the ``aws`` job of
:mod:`generator.verify.worker`, ``--endpoint-url`` of the service put first, as the ``aws``
wrapper does) and answers. Quoting, ``$(...)``, ``set -e``, the ``trap`` and everything else
stay the shell's own; the script is sourced with no positional parameters, so its ``"$@"``
adds nothing. Tests run scripts both ways and require the same outcome.
"""

from __future__ import annotations

import atexit
import errno
import os
import select
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from botocore import utils as botocore_utils

from generator.generate.write import write_tree
from generator.model.lower import load_service
from generator.naming import cli as cli_names
from generator.naming import python as python_names
from generator.targets.client.package import render_client
from generator.targets.registry import target
from generator.verify import inproc, jstool
from generator.verify.scripts import AWS, base_env

TIMEOUT = 180.0


def endpoint_variable(service: str) -> str:
    """``AWS_ENDPOINT_URL_DYNAMODB``: where botocore reads a service's own endpoint URL."""
    hyphenated = botocore_utils.CLIENT_NAME_TO_HYPHENIZED_SERVICE_ID_OVERRIDES.get(service, service)
    return "AWS_ENDPOINT_URL_" + str(hyphenated).replace("-", "_").upper()


def program_env(urls: Mapping[str, str], main: str, workdir: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a program run: fake credentials, ``us-east-1``, no config files,
    one attempt per call, and the endpoint of every service (see the module doc)."""
    env = base_env(urls[main], workdir)
    for service, url in urls.items():
        env[endpoint_variable(service)] = url
    env.update(extra or {})
    return env


def aws_shim(workdir: Path, urls: Mapping[str, str]) -> Path:
    """A folder holding an ``aws`` that adds the ``--endpoint-url`` of the service it is
    called for (its first argument, the service word) and runs the real one."""
    folder = workdir / "shim"
    folder.mkdir(exist_ok=True)
    cases = "".join(
        f"    {shlex.quote(cli_names.service_word(service))}) exec {shlex.quote(AWS)} "
        f"--endpoint-url {shlex.quote(url)} \"$@\" ;;\n"
        for service, url in sorted(urls.items())
    )
    script = folder / "aws"
    script.write_text(f'#!/bin/sh\ncase "$1" in\n{cases}    *) exec {shlex.quote(AWS)} "$@" ;;\nesac\n',
                      encoding="utf-8")  # fmt: skip
    script.chmod(0o755)
    return folder


def client_packages(services: Sequence[str]) -> str:
    """The ``PYTHONPATH`` folder that holds the typed client package of every service: each
    written once per process, whole, as ``sdk-parity client`` writes it, and linked into one
    shared folder, so that the worker keeps the packages imported from one program to the next."""
    with _PACKAGES_LOCK:
        if not _PACKAGES:
            root = Path(tempfile.mkdtemp(prefix="sdk-parity-scenario-clients-"))
            atexit.register(shutil.rmtree, root, True)
            (root / "src").mkdir()
            _PACKAGES[""] = str(root)
        root = Path(_PACKAGES[""])
        for service in services:
            if service not in _PACKAGES:
                out = root / "packages" / service
                write_tree(render_client(load_service(service), None, stubs=False), out, prune=False)
                package = python_names.package_name(service)
                src = out / "python" / python_names.distribution_name(service) / "src" / package
                (root / "src" / package).symlink_to(src, target_is_directory=True)
                _PACKAGES[service] = package
    return str(root / "src")


_PACKAGES: dict[str, str] = {}
_PACKAGES_LOCK = threading.Lock()


def run_program(
    lang: str, text: str, urls: Mapping[str, str], main: str, worker: inproc.Worker | None = None,
    timeout: float = TIMEOUT, extra: Mapping[str, str] | None = None,
) -> tuple[int, str, str]:  # fmt: skip
    """Run one scenario program (see the module doc); ``worker`` runs a Python program. A
    program of a target with a package (the typed client) imports the package of every
    service it calls (:func:`client_packages`)."""
    spec = target(lang)
    if lang == "js":
        return _run_node(text, urls, main, timeout, extra)
    with tempfile.TemporaryDirectory(prefix="sdk-parity-scenario-") as tmp:
        workdir = Path(tmp)
        env = program_env(urls, main, workdir, extra)
        script = workdir / f"scenario{spec.suffix}"
        script.write_text(text, encoding="utf-8")
        pythonpath = client_packages(list(urls)) if spec.package else ""
        if spec.interpreter == ("{python}",) and worker is not None:
            job = {"kind": "python", "path": str(script), "text": text, "pythonpath": pythonpath,
                   "env": env, "cwd": str(workdir), "service": main}  # fmt: skip
            try:
                reply = worker.run(job, timeout)
            except inproc.WorkerError as exc:
                return -1, "", str(exc)
            return int(reply["code"]), str(reply.get("stdout", "")), str(reply.get("stderr", ""))
        if pythonpath:
            env["PYTHONPATH"] = os.pathsep.join(p for p in (pythonpath, env.get("PYTHONPATH", "")) if p)
        if spec.endpoint_flag:
            env["PATH"] = f"{aws_shim(workdir, urls)}{os.pathsep}{env.get('PATH', '')}"
        command = [sys.executable if part == "{python}" else part for part in spec.interpreter]
        try:
            proc = subprocess.run(
                [*command, str(script)], cwd=workdir, env=env, capture_output=True, text=True,
                timeout=timeout, check=False,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            return -1, "", f"timed out after {timeout:.0f}s"
        return proc.returncode, proc.stdout, proc.stderr



def _run_node(text: str, urls: Mapping[str, str], main: str, timeout: float,
              extra: Mapping[str, str] | None) -> tuple[int, str, str]:  # fmt: skip
    """Run a JavaScript scenario with ``node``, as ``node <file>.js`` runs it, from a folder
    under the pinned toolchain (its ``node_modules`` and ``"type": "module"`` found upward)."""
    cache = jstool.install()
    folder = jstool.work_dir(cache)
    try:
        script = folder / "scenario.js"
        script.write_text(text, encoding="utf-8")
        env = jstool.child_env(program_env(urls, main, folder, extra))
        try:
            proc = subprocess.run(["node", str(script)], cwd=folder, env=env, capture_output=True, text=True,
                                  timeout=timeout, check=False)  # fmt: skip
        except subprocess.TimeoutExpired:
            return -1, "", f"timed out after {timeout:.0f}s"
        return proc.returncode, proc.stdout, proc.stderr
    finally:
        shutil.rmtree(folder, ignore_errors=True)


_PRELUDE = """\
aws() {
    { printf '%s\\0' "$#"; printf '%s\\0' "$@"; } > "$SDK_PARITY_FIFOS/request"
    sdk_parity_code=$(cat "$SDK_PARITY_FIFOS/code")
    cat "$SDK_PARITY_FIFOS/stdout"
    cat "$SDK_PARITY_FIFOS/stderr" >&2
    return "$sdk_parity_code"
}
sdk_parity_script=$1
shift
. "$sdk_parity_script"
"""


def _request(fd: int, proc: subprocess.Popen[bytes], deadline: float) -> list[str] | None:
    """The next argv the script's ``aws`` sends (``None`` once the script has ended)."""
    data = b""
    while True:
        fields = data.split(b"\0")
        if len(fields) > 1 and fields[0].isdigit() and len(fields) - 2 >= int(fields[0]):
            count = int(fields[0])
            return [f.decode("utf-8", "surrogateescape") for f in fields[1 : count + 1]]
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        ready, _, _ = select.select([fd], [], [], min(left, 0.05))
        if ready:
            data += os.read(fd, 1 << 16)
        elif proc.poll() is not None and not data:
            return None


def _answer(path: Path, data: bytes, proc: subprocess.Popen[bytes], deadline: float) -> None:
    """Write ``data`` to the FIFO at ``path`` once the script opens it for reading."""
    while True:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
            break
        except OSError as exc:
            if exc.errno != errno.ENXIO or proc.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.002)
    try:
        os.set_blocking(fd, True)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def run_cli_batched(
    text: str, urls: Mapping[str, str], main: str, worker: inproc.Worker,
    timeout: float = TIMEOUT, extra: Mapping[str, str] | None = None,
) -> tuple[int, str, str]:  # fmt: skip
    """Run a CLI scenario script in batch mode (see the module doc)."""
    words = {cli_names.service_word(s): url for s, url in urls.items()}
    with tempfile.TemporaryDirectory(prefix="sdk-parity-scenario-") as tmp:
        workdir = Path(tmp)
        env = program_env(urls, main, workdir, extra)
        fifos = workdir / "fifos"
        fifos.mkdir()
        for name in ("request", "code", "stdout", "stderr"):
            os.mkfifo(fifos / name)
        script = workdir / "scenario.sh"
        script.write_text(text, encoding="utf-8")
        reader = os.open(fifos / "request", os.O_RDONLY | os.O_NONBLOCK)
        keeper = os.open(fifos / "request", os.O_WRONLY)  # no EOF between the script's calls
        deadline = time.monotonic() + timeout
        proc = subprocess.Popen(
            ["sh", "-c", _PRELUDE, "sh", str(script)], cwd=workdir,
            env={**env, "SDK_PARITY_FIFOS": str(fifos)}, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )  # fmt: skip
        out: list[bytes] = []
        err: list[bytes] = []
        streams = threading.Thread(target=_drain, args=(proc, out, err), daemon=True)
        streams.start()
        try:
            while True:
                argv = _request(reader, proc, deadline)
                if argv is None:
                    break
                flag = ["--endpoint-url", words[argv[0]]] if argv and argv[0] in words else []
                job = {"kind": "aws", "argv": [*flag, *argv], "env": env, "cwd": str(workdir),
                       "service": main}  # fmt: skip
                try:
                    reply = worker.run(job, max(1.0, deadline - time.monotonic()))
                except inproc.WorkerError as exc:
                    reply = {"code": 255, "stdout": "", "stderr": f"{exc}\n"}
                for name, data in (("code", str(int(reply["code"])).encode()),
                                   ("stdout", str(reply["stdout"]).encode("utf-8")),
                                   ("stderr", str(reply["stderr"]).encode("utf-8"))):  # fmt: skip
                    _answer(fifos / name, data, proc, deadline)
            proc.wait(timeout=max(1.0, deadline - time.monotonic()))
        except (TimeoutError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait()
            return -1, b"".join(out).decode("utf-8", "replace"), f"timed out after {timeout:.0f}s"
        finally:
            os.close(reader)
            os.close(keeper)
            streams.join(timeout=5)
        return proc.returncode, b"".join(out).decode("utf-8", "replace"), b"".join(err).decode("utf-8", "replace")


def _drain(proc: subprocess.Popen[bytes], out: list[bytes], err: list[bytes]) -> None:
    """Read the script's own output (its ``echo`` lines) while it runs."""
    assert proc.stdout is not None and proc.stderr is not None
    pairs = {proc.stdout.fileno(): out, proc.stderr.fileno(): err}
    while pairs:
        ready, _, _ = select.select(list(pairs), [], [], 0.5)
        for fd in ready:
            chunk = os.read(fd, 1 << 16)
            if chunk:
                pairs[fd].append(chunk)
            else:
                del pairs[fd]
