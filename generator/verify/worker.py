"""Verify, the example worker: a long-lived process that runs one unmodified example at a time.

Stage: verify (the child side of the script runner's batch mode). Input: jobs, one JSON object
per line on the pipe it was started with; output: one JSON object per job, ``{"code", "stdout",
"stderr"}``, on the other pipe. Started by :mod:`generator.verify.scripts` as
``python -m generator.verify.worker``; it imports nothing of sdk-parity but
:mod:`generator.verify.loopback_dns` (the harness's name resolution), only the SDKs the
examples use (boto3, awscli), once, which is the whole point: a new interpreter per example costs
most of the time an example takes.

A job is either

* ``{"kind": "python", "path", "text", "env", "cwd", "pythonpath"}`` - the file's text compiled
  and executed as ``__main__`` in a fresh module namespace, as ``python path`` would run it: the
  script's folder and ``pythonpath`` first on ``sys.path``, ``sys.argv = [path]``, the
  environment replaced by ``env`` for the job, ``sys.exit`` caught as the exit code, anything
  raised printed as a traceback with exit code 1; a fresh boto3 default session (over the
  service's shared loader, so models are parsed once per service), so the example builds its own client from the
  job's environment (a ``boto3.Session`` the example builds itself shares that loader too);
  the modules imported from ``pythonpath`` (a typed client's package) stay
  loaded while the following jobs name the same folder - as in one program that makes several
  calls; importing a large package costs more than running its example - and are dropped from
  ``sys.modules`` as soon as a job names another folder (or none);
* ``{"kind": "aws", "argv", "env", "cwd"}`` - the AWS CLI's own driver,
  ``awscli.clidriver.create_clidriver().main(argv)``, on the argv a script's ``aws`` line
  produced, with ``AWS_DATA_PATH`` set as ``import awscli`` sets it in an ``aws`` process; a new
  driver per job, whose session is given the worker's loader for that data path (the parsed
  model files), so only the first job of a service pays for reading its model.

Both kinds may name their ``service``: the shared loaders are dropped when it changes, so a
worker that goes through the whole catalog holds one service's models at a time.

A worker runs jobs of one kind only (its first argument): ``import awscli`` installs an import
hook that makes ``import botocore`` load the copy of botocore awscli ships (with its own, older
models), as in an ``aws`` process, so Python examples - whose ``python`` process never imports
awscli - must never share a process with the CLI.

Each session (botocore's or awscli's copy) spends most of its creation registering about 400
event handlers, and for each one it asks ``inspect`` whether the handler takes ``**kwargs`` and
rewrites the event's name through its aliases - the same answers every time. The worker memoizes
both pure functions process-wide (:func:`_memoize_handler_checks`): the answers are unchanged,
each job still gets a new session, client and driver, and a session costs a third of what it did.

AWS CLI version 2's jobs go to a worker started by version 2's own Python (Debian's
``/usr/bin/python3`` for its ``awscli`` package, see :mod:`generator.verify.clitool`), which
finds this module through ``PYTHONPATH``; nothing here needs more than the standard library.

Both capture ``sys.stdout``/``sys.stderr``; the protocol runs on duplicates of the original
descriptors 0 and 1, which are pointed at ``/dev/null`` so nothing an example writes can corrupt
it.
"""

from __future__ import annotations

import functools
import io
import json
import os
import sys
import traceback
import types
from pathlib import Path
from typing import Any, BinaryIO

_PACKAGE: list[str] = [""]  # the package folder whose modules are loaded now


class _Capture(io.TextIOWrapper):
    """A text stream with a ``buffer``, as ``sys.stdout`` has (awscli writes bytes to it)."""

    def __init__(self) -> None:
        super().__init__(
            io.BytesIO(), encoding="utf-8", errors="backslashreplace", write_through=True
        )

    def text(self) -> str:
        self.flush()
        raw = self.buffer
        assert isinstance(raw, io.BytesIO)
        return raw.getvalue().decode("utf-8", "backslashreplace")


_MEMOIZED: set[str] = set()


def _signature_key(func: Any) -> Any:
    """What decides whether ``func`` takes ``**kwargs``: its code (a closure made per session has
    the same code as every other; a bound method and a ``functools.partial`` go by their
    function: binding and fixed arguments do not change it) or, for an instance that is called,
    its class; ``None`` for anything else (not memoized). Keys are code objects and classes, never
    the handlers themselves, so the memo keeps no session alive."""
    if isinstance(func, functools.partial):
        return _signature_key(func.func)
    if isinstance(func, types.MethodType):
        return _signature_key(func.__func__)
    if isinstance(func, types.FunctionType):
        return None if "__signature__" in vars(func) else func.__code__
    call = vars(type(func)).get("__call__")  # defined by the class itself, in Python
    return ("instance", type(func)) if isinstance(call, types.FunctionType) else None


def _memoize_handler_checks(hooks: Any) -> None:
    """Memoize, in the ``botocore.hooks`` module given (botocore's or the copy awscli ships), the
    two pure functions every handler registration calls: ``accepts_kwargs(handler)``, keyed by
    :func:`_signature_key`, and ``EventAliaser._alias_event_name`` (where there is one: AWS CLI
    version 2's copy has no aliases), whose per-session cache becomes one cache per alias table."""
    if hooks.__name__ in _MEMOIZED:
        return
    _MEMOIZED.add(hooks.__name__)
    check = hooks.accepts_kwargs
    answers: dict[Any, Any] = {}

    def accepts_kwargs(func: Any) -> Any:
        key = _signature_key(func)
        if key is None:
            return check(func)
        if key not in answers:
            answers[key] = check(func)
        return answers[key]

    hooks.accepts_kwargs = accepts_kwargs
    aliaser = getattr(hooks, "EventAliaser", None)
    if aliaser is None:  # AWS CLI version 2 (2.9) has no event aliases
        return
    plain_init = aliaser.__init__
    caches: dict[int, tuple[Any, dict[str, str]]] = {}

    def init(self: Any, event_emitter: Any, event_aliases: Any = None) -> None:
        plain_init(self, event_emitter, event_aliases)
        table = self._event_aliases
        kept = caches.setdefault(id(table), (table, {}))  # the table is kept alive with its cache
        self._alias_name_cache = kept[1]

    aliaser.__init__ = init


_LOADERS: dict[Any, Any] = {}  # search path string -> the loader every session of a service shares
_SERVICE: list[str] = [""]  # the service of the jobs the shared loaders belong to


def _share_loaders(session_module: Any) -> None:
    """Make ``botocore.session`` (botocore's or awscli's copy) give every session of this worker
    one data loader per search path: parsed models and the list of services, read from files that
    do not change during a run, are read once per service instead of once per job. The loaders
    are dropped when the jobs move on to another service (:func:`_enter_service`), so a worker
    that verifies the whole catalog holds one service's models at a time."""
    if session_module.__name__ in _MEMOIZED:
        return
    _MEMOIZED.add(session_module.__name__)
    create = session_module.create_loader

    def create_loader(search_path_string: Any = None) -> Any:
        if search_path_string not in _LOADERS:
            _LOADERS[search_path_string] = create(search_path_string)
        return _LOADERS[search_path_string]

    session_module.create_loader = create_loader


def _enter_service(service: str) -> None:
    """Drop the shared loaders when a job names another service than the last one."""
    if service != _SERVICE[0]:
        _LOADERS.clear()
        _SERVICE[0] = service


def _fresh_boto3_session() -> None:
    """A new boto3 default session; its botocore session, and any session the example builds
    itself (``boto3.Session(profile_name=..., region_name=...)`` in its ``main``), share the
    service's loader (:func:`_share_loaders`), so the models are not parsed again."""
    # deferred: the worker starts before it knows whether any Python job will come
    import boto3
    import botocore.hooks
    import botocore.session

    _memoize_handler_checks(botocore.hooks)
    _share_loaders(botocore.session)
    session = botocore.session.Session()
    boto3.DEFAULT_SESSION = boto3.session.Session(botocore_session=session)
    paths = session.get_component("data_loader").search_paths  # boto3 appends its data folder
    paths[:] = list(dict.fromkeys(paths))  # once per session: keep each folder once


def _exit_code(exc: SystemExit) -> tuple[int, str]:
    code = exc.code
    if code is None:
        return 0, ""
    if isinstance(code, int):
        return code, ""
    return 1, f"{code}\n"


def _run_python(job: dict[str, Any]) -> int:
    path = str(job["path"])
    code = compile(job["text"], path, "exec")
    module = types.ModuleType("__main__")
    module.__file__ = path
    module.__dict__["__builtins__"] = __builtins__
    saved_main = sys.modules.get("__main__")
    saved_argv, saved_path = sys.argv, list(sys.path)
    extra = str(job.get("pythonpath") or "")
    if extra != _PACKAGE[0]:
        _drop_package()
        _PACKAGE[0] = extra
    sys.modules["__main__"] = module
    sys.argv = [path]
    sys.path[:0] = [str(Path(path).parent), *([extra] if extra else [])]
    try:
        _fresh_boto3_session()
        exec(code, module.__dict__)  # noqa: S102 - the example is the program under test
        return 0
    finally:
        sys.argv = saved_argv
        sys.path[:] = saved_path
        if saved_main is not None:
            sys.modules["__main__"] = saved_main


def _drop_package() -> None:
    """Forget the modules imported from the current package folder (a typed client)."""
    folder = _PACKAGE[0]
    if not folder:
        return
    for name, module in list(sys.modules.items()):
        where = getattr(module, "__file__", None) or ""
        if where.startswith(folder + os.sep):
            del sys.modules[name]


def _run_aws(job: dict[str, Any]) -> int:
    # deferred: the CLI loads only when a CLI job comes
    import awscli
    from awscli.clidriver import create_clidriver

    # what ``import awscli`` does to the environment of a process that runs ``aws``
    data = os.path.join(os.path.dirname(os.path.abspath(awscli.__file__)), "data")
    os.environ["AWS_DATA_PATH"] = os.pathsep.join(
        [p for p in os.environ.get("AWS_DATA_PATH", "").split(os.pathsep) if p] + [data]
    )
    # deferred like awscli: these are awscli's own copies (``import awscli`` redirects ``botocore``)
    import botocore.hooks
    import botocore.session

    _memoize_handler_checks(botocore.hooks)
    # one loader per data path for every driver of this worker: models are parsed once, as in
    # one ``aws`` process; the driver, its session and the command are new for each job
    _share_loaders(botocore.session)
    driver = create_clidriver()
    saved_argv = sys.argv
    sys.argv = [
        "aws",
        *job["argv"],
    ]  # the program name in usage errors, as the ``aws`` script has it
    try:
        return int(driver.main(list(job["argv"])) or 0)
    finally:
        sys.argv = saved_argv


def run_job(job: dict[str, Any]) -> dict[str, Any]:
    """Run one job with its environment, folder and streams; restore them afterwards."""
    saved_env = dict(os.environ)
    saved_cwd = os.getcwd()
    saved_streams = (sys.stdout, sys.stderr, sys.stdin)
    out, err = _Capture(), _Capture()
    os.environ.clear()
    os.environ.update(job["env"])
    os.chdir(job["cwd"])
    sys.stdout, sys.stderr = out, err
    sys.stdin = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    try:
        _enter_service(str(job.get("service", "")))
        code = _run_python(job) if job["kind"] == "python" else _run_aws(job)
    except SystemExit as exc:
        code, message = _exit_code(exc)
        err.write(message)
    except BaseException:  # noqa: BLE001 - the example's failure is its verdict
        traceback.print_exc(file=err)
        code = 1
    finally:
        sys.stdout, sys.stderr, sys.stdin = saved_streams
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    return {"code": code, "stdout": out.text(), "stderr": err.text()}


def serve(inbox: BinaryIO, outbox: BinaryIO, kind: str) -> None:
    """Answer jobs of one kind until the input closes."""
    for line in inbox:
        if not line.strip():
            continue
        try:
            job = json.loads(line)
            if job["kind"] != kind:
                raise ValueError(f"a {kind} worker cannot run a {job['kind']} job")
            reply = run_job(job)
        except BaseException as exc:  # noqa: BLE001 - a broken job must not end the worker
            reply = {"code": -2, "stdout": "", "stderr": f"worker: {type(exc).__name__}: {exc}"}
        outbox.write(json.dumps(reply).encode("utf-8") + b"\n")
        outbox.flush()


def main() -> None:
    from generator.verify.loopback_dns import install  # the one module of ours: the harness's DNS

    install()
    kind = sys.argv[1] if len(sys.argv) > 1 else "python"
    inbox = os.fdopen(os.dup(0), "rb")
    outbox = os.fdopen(os.dup(1), "wb")
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1):
        os.dup2(null, fd)
    os.close(null)
    sys.stdin = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the worker
    serve(inbox, outbox, kind)
    # the input closed: nothing is left to answer, so leave without the interpreter's teardown
    # of everything the examples loaded (a third of a second per worker, paid at every exit)
    outbox.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
