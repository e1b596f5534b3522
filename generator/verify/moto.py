"""Verify against moto: does a service emulator accept each default Python example's values?

Input: a plan of (service, operations or None for all). Output: one :class:`Judgement` per
operation. A moto server is started once on 127.0.0.1; each example is rendered with
:func:`generator.pipeline.render_snippet` and run unmodified in this process (its text is
executed as ``__main__`` in a fresh namespace) with ``AWS_ENDPOINT_URL`` pointing at moto, fake
credentials and one attempt per call. The example creates its own boto3 client from a shared
default session whose event hooks tag each request with the example's name and record every
HTTP status, error code and message, without touching the example's text; moto's own
exceptions are read from its loggers and its WSGI app and filed under the tag of the request
that raised them (:class:`_ServerLog`). Each example has a time limit (``SIGALRM`` on the main
thread) besides botocore's connect and read timeouts.

Classification (:func:`classify`), first rule that applies:

- ``not-implemented``: moto raised ``NotImplementedError``, has no backend for the service, or
  has no route for the request (its HTML 404 page) - nothing is learnt about the values;
- ``moto-crash``: moto raised any other exception (HTTP 500) - not judged either;
- ``error``: the example failed locally (no request sent, a ``ParamValidationError``, a crash
  after a 2xx, a timeout): a generator bug, counted with ``rejected`` in the share;
- ``ok``: every call answered 2xx;
- ``in-scenario``: an example that needs setup (below) whose operation a scenario ran without
  error on moto, after its own steps created what the call refers to;
- ``needs-setup``: the answer says a referenced resource does not exist: the error code
  contains ``NotFound``, ``NoSuch``, ``DoesNotExist``, ``NonExistent``, ``NotExist``,
  ``NotPresent`` or ``Unknown...Resource`` (:data:`NOT_FOUND`), or is one of the codes moto
  answers for a well-formed reference to nothing (SSM's ``InvalidResourceId`` and
  ``InvalidCommandId``, Cognito's ``NotAuthorizedException`` for an access token no sign-in
  issued), or the answer is a bodiless 404
  (S3's ``HeadObject``), or the message says "does not exist" and the code does not call the
  value malformed (no ``Arn``, ``Malformed``, ``Format``, ``Syntax``: SSM's ``InvalidDocument``
  counts, Step Functions' ``InvalidArn`` does not) - the values passed validation and the
  example would run once the resource exists;
- ``rejected``: any other error answer (``ValidationException``, ``InvalidParameterValue``,
  ``SerializationException``, ...): the service refused the values.

moto's state is reset (``POST /moto-api/reset``) after every example that got a 2xx answer or
crashed moto, unless its operation reads only (``Describe``, ``List``, ``Get``, ``Search``,
``Head``); an example moto refused, or did not implement, changed nothing. (A reset makes the
next EC2 request rebuild its default VPC and image catalog, about 2-4 s.) EC2's
``DryRunOperation`` answer (the examples set ``DryRun``) means the request would have succeeded
and counts as ``ok``.
"""

from __future__ import annotations

import contextlib
import http.client
import importlib.metadata
import io
import json
import logging
import os
import re
import signal
import sys
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from types import FrameType
from typing import Any

import boto3
import botocore.session
from botocore.config import Config
from moto.server import ThreadedMotoServer

from generator.errors import SdkParityError
from generator.generate.pipeline import example_value, render_snippet
from generator.model.lower import get_operation, load_service
from generator.targets import example_digest
from generator.verify.examples import report_date

Plan = Iterable[tuple[str, list[str] | None]]

OK, NEEDS_SETUP, REJECTED, ERROR = "ok", "needs-setup", "rejected", "error"
IN_SCENARIO = "in-scenario"  # needs setup alone, and ran inside a scenario that made the setup
NOT_IMPLEMENTED, MOTO_CRASH, SKIPPED = "not-implemented", "moto-crash", "skipped"
STATUSES = (OK, IN_SCENARIO, NEEDS_SETUP, REJECTED, ERROR, NOT_IMPLEMENTED, MOTO_CRASH, SKIPPED)

NOT_FOUND = re.compile(
    r"NotFound|NoSuch|DoesNotExist|NonExistent|NotExist|NotPresent|Unknown\w*Resource"
    r"|^InvalidResourceId$|^InvalidCommandId$|^NotAuthorizedException$"
)
MISSING_MESSAGE = re.compile(r"does not exist", re.IGNORECASE)
MALFORMED_CODE = re.compile(r"Arn|ARN|Malformed|Format|Syntax")
READ_ONLY = re.compile(r"(Describe|List|Get|Search|Head)[A-Z]")
UNSUPPORTED_CODE = "UnsupportedService"
UNSUPPORTED = "Unable to find appropriate backend"
FAKE_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
    "AWS_MAX_ATTEMPTS": "1",
    "AWS_RETRY_MODE": "standard",
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    "AWS_EC2_METADATA_DISABLED": "true",
}
DROPPED_ENV = ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_CA_BUNDLE")


@dataclass(frozen=True)
class Call:
    """One HTTP answer the example's client received."""

    status: int
    code: str = ""
    message: str = ""
    html: bool = False


@dataclass
class Observation:
    """Everything seen while one example ran."""

    calls: list[Call] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)
    local_error: str = ""
    output: str = ""
    timed_out: bool = False


@dataclass(frozen=True)
class Judgement:
    service: str
    operation: str
    status: str
    code: str = ""
    message: str = ""
    http_status: int | None = None
    seconds: float = 0.0
    example: str = ""  # the digest of the Python example that ran (generator.targets.example_digest)


def code_is_success(code: str) -> bool:
    """EC2's ``DryRunOperation``: the request would have succeeded (examples set DryRun)."""
    return code == "DryRunOperation"


def missing_resource(call: Call) -> bool:
    """The answer says a referenced resource does not exist (see the module docstring)."""
    if NOT_FOUND.search(call.code) or (call.status == 404 and call.code in ("", "404")):
        return True
    return bool(MISSING_MESSAGE.search(call.message)) and not MALFORMED_CODE.search(call.code)


def _line(text: str, limit: int = 240) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def classify(obs: Observation) -> tuple[str, str, str, int | None]:
    """(status, code, message, http status) of one example; see the module docstring."""
    failed = next((c for c in obs.calls if c.status >= 300), None)
    call = failed or (obs.calls[-1] if obs.calls else None)
    http = call.status if call else None
    for err in obs.server_errors:
        if "NotImplementedError" in err:
            return NOT_IMPLEMENTED, "NotImplementedError", _line(err.split(":", 1)[-1]), http
    if UNSUPPORTED in obs.output or any(e.startswith(UNSUPPORTED_CODE) for e in obs.server_errors):
        return NOT_IMPLEMENTED, UNSUPPORTED_CODE, "moto has no backend for this service", http
    if call is not None and call.html and call.status == 404:
        return NOT_IMPLEMENTED, "NoRoute", "moto has no route for this request", http
    if obs.server_errors:
        return MOTO_CRASH, "MotoException", _line(obs.server_errors[-1]), http
    if obs.timed_out:
        return ERROR, "Timeout", "the example did not finish in time", http
    if call is None:
        return ERROR, "NoRequest", _line(obs.local_error or "the example sent no request"), None
    if failed is None:
        if obs.local_error:
            return ERROR, "LocalCrash", _line(obs.local_error), http
        return OK, "", "", http
    if call.html:
        return MOTO_CRASH, str(call.status), "moto answered with an HTML error page", http
    if code_is_success(call.code):
        return OK, call.code, _line(call.message), http
    if "NotImplemented" in call.code:
        return NOT_IMPLEMENTED, call.code, _line(call.message), http
    if missing_resource(call):
        return NEEDS_SETUP, call.code, _line(call.message), http
    return REJECTED, call.code, _line(call.message), http


TAG_HEADER = "x-sdk-parity-example"
_request = threading.local()  # the example tag of the request a server thread is handling


class _ServerLog(logging.Handler):
    """moto's exceptions, keyed by the tag of the example whose request raised them.

    Each request carries the running example's tag in :data:`TAG_HEADER` (added by a
    ``before-send`` hook, after signing); the WSGI wrapper stores it in a thread-local of the
    server thread, so an exception Flask logs (``NotImplementedError``) or one that escapes
    the app (no backend for the service) is filed under its own example, however late the
    log line comes.
    """

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.errors: dict[str, list[str]] = {}
        self._lock = threading.Lock()

    def add(self, tag: str, text: str) -> None:
        with self._lock:
            self.errors.setdefault(tag, []).append(text)

    def take(self, tag: str) -> list[str]:
        with self._lock:
            return self.errors.pop(tag, [])

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info and record.exc_info[1] is not None:
            self.add(getattr(_request, "tag", ""), _describe(record.exc_info[1]))

    def wrap(self, app: Any) -> Any:
        def tagged(environ: dict[str, Any], start_response: Any) -> Any:
            _request.tag = environ.get("HTTP_" + TAG_HEADER.upper().replace("-", "_"), "")
            try:
                return app(environ, start_response)
            except Exception as exc:
                self.add(_request.tag, _describe(exc))
                raise

        return tagged


def _describe(exc: BaseException) -> str:
    """``Type: message``; moto failing to find a backend for the service is named as such."""
    frames = traceback.extract_tb(exc.__traceback__)
    if any(f.name == "get_backend" for f in frames) and isinstance(exc, AttributeError):
        return f"{UNSUPPORTED_CODE}: {exc}"
    return f"{type(exc).__name__}: {exc}"


class MotoServer:
    """A moto server on 127.0.0.1 with a free port, its logs collected, for one run."""

    def __init__(self) -> None:
        self.log = _ServerLog()
        self._loggers = [logging.getLogger(n) for n in ("moto", "werkzeug")]
        self._saved = [(lg.level, lg.propagate) for lg in self._loggers]
        for lg in self._loggers:
            lg.addHandler(self.log)
            lg.setLevel(logging.ERROR)
            lg.propagate = False
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self._server.start()
        wsgi = self._server._server  # werkzeug's server: it reads .app on every request
        assert wsgi is not None
        wsgi.app = self.log.wrap(wsgi.app)
        self.port = self._server.get_host_and_port()[1]
        self.url = f"http://127.0.0.1:{self.port}"

    def reset(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request("POST", "/moto-api/reset")
            conn.getresponse().read()
        finally:
            conn.close()

    def close(self) -> None:
        self._server.stop()
        for lg, (level, propagate) in zip(self._loggers, self._saved, strict=True):
            lg.removeHandler(self.log)
            lg.setLevel(level)
            lg.propagate = propagate


@contextlib.contextmanager
def _environment(url: str) -> Iterator[None]:
    saved = dict(os.environ)
    for key in DROPPED_ENV:
        os.environ.pop(key, None)
    os.environ.update(FAKE_ENV, AWS_ENDPOINT_URL=url)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


@dataclass
class _Probe:
    """What the session hooks share with the runner: the running example and its answers."""

    tag: str = ""
    calls: list[Call] = field(default_factory=list)


def _session(probe: _Probe) -> Any:
    """A boto3 session whose clients tag each request and record every answer in ``probe``."""
    session = boto3.Session()
    _instrument(session._session, probe)
    return session


def _instrument(core: Any, probe: _Probe) -> None:
    """Set up a botocore session for :func:`_session` (client config and event hooks)."""
    calls = probe.calls
    core.set_default_client_config(
        Config(
            connect_timeout=5, read_timeout=30, retries={"max_attempts": 1, "mode": "standard"},
            inject_host_prefix=False,
        )
    )

    def before_parse(response_dict: dict[str, Any], **_: Any) -> None:
        body = response_dict.get("body")
        html = isinstance(body, bytes) and body.lstrip()[:15].lower().startswith(b"<!doctype html")
        calls.append(Call(int(response_dict.get("status_code", 0)), html=html))

    def after_call(http_response: Any, parsed: dict[str, Any], **_: Any) -> None:
        error = parsed.get("Error") or {}
        status = int(getattr(http_response, "status_code", 0))
        code, message = str(error.get("Code", "")), str(error.get("Message", ""))
        html = message.lstrip()[:15].lower().startswith("<!doctype html")
        if calls and calls[-1].status == status and not calls[-1].code:
            html = html or calls[-1].html
            calls.pop()
        calls.append(Call(status, code, "" if html else message, html))

    def before_send(request: Any, **_: Any) -> None:
        request.headers[TAG_HEADER] = probe.tag

    core.register("before-send", before_send)
    core.register("before-parse", before_parse)
    core.register("after-call", after_call)


class _Timeout(BaseException):
    pass


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the example after ``seconds`` (main thread only; elsewhere socket timeouts)."""
    if threading.current_thread() is not threading.main_thread() or seconds <= 0:
        yield
        return

    def expire(_signum: int, _frame: FrameType | None) -> None:
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _sessions_like(session: Any, probe: _Probe | None) -> Iterator[None]:
    """Every boto3 session the example builds itself (its ``main`` does
    ``boto3.Session(profile_name=..., region_name=...)``, both ``None`` without arguments) is
    instrumented for ``probe`` like ``session`` and shares its loader (parsed models): a new
    botocore session each, as boto3 registers its own handlers on every session it wraps."""
    if probe is None:
        yield
        return
    original = botocore.session.get_session
    loader = session._session.get_component("data_loader")
    before = list(loader.search_paths)

    def get_session(env_vars: Any = None) -> Any:
        core = original(env_vars)
        core.register_component("data_loader", loader)
        _instrument(core, probe)
        return core

    botocore.session.get_session = get_session
    try:
        yield
    finally:
        botocore.session.get_session = original
        loader.search_paths[:] = before  # each boto3 session appends boto3's data folder once


def run_script(
    text: str, name: str, session: Any, calls: list[Call], limit: float, probe: _Probe | None = None
) -> Observation:
    """Execute one example's text as ``__main__``, with no command-line arguments; return what
    happened. ``probe``: the one ``session`` was made for (the sessions the example makes get
    the same hooks)."""
    obs = Observation(calls=calls)
    calls.clear()
    out = io.StringIO()
    saved, boto3.DEFAULT_SESSION = boto3.DEFAULT_SESSION, session
    saved_argv, sys.argv = sys.argv, [f"{name}.py"]
    try:
        code = compile(text, f"<{name}>", "exec")
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            with _sessions_like(session, probe), _time_limit(limit):
                exec(code, {"__name__": "__main__", "__file__": f"{name}.py"})  # noqa: S102
    except SystemExit as exc:
        if exc.code not in (0, None) and not calls:
            obs.local_error = f"exited {exc.code}: {out.getvalue()[-300:]}"
    except _Timeout:
        obs.timed_out = True
    except Exception as exc:  # the example crashed: a generator bug, reported as a value
        obs.local_error = f"{type(exc).__name__}: {exc}"
    finally:
        boto3.DEFAULT_SESSION = saved
        sys.argv = saved_argv
    obs.output = out.getvalue()
    obs.calls = list(calls)
    return obs


def run(
    plan: Plan,
    values_dir: Path | None = None,
    *,
    time_limit: float = 20.0,
    progress: Callable[[Judgement], None] | None = None,
    proven: frozenset[tuple[str, str]] = frozenset(),
) -> list[Judgement]:
    """Judge the default Python example of every planned operation against one moto server.
    ``proven``: (service, operation) pairs a scenario ran successfully on moto
    (:func:`generator.verify.scenario_moto.proven`): such an example that needs setup alone is
    ``in-scenario`` instead."""
    judgements: list[Judgement] = []
    server = MotoServer()
    try:
        with _environment(server.url):
            for service_name, operations in plan:
                service = load_service(service_name)
                probe = _Probe()
                session = _session(probe)
                for name in operations or list(service.operations):
                    judgement = _judge(service, get_operation(service, name).name, values_dir,
                                       server, session, probe, time_limit)
                    if judgement.status == NEEDS_SETUP and (service.name, judgement.operation) in proven:
                        judgement = replace(judgement, status=IN_SCENARIO)
                    judgements.append(judgement)
                    if progress is not None:
                        progress(judgement)
    finally:
        server.close()
    return sorted(judgements, key=lambda j: (j.service, j.operation))


def _judge(
    service: Any, name: str, values_dir: Path | None, server: MotoServer, session: Any,
    probe: _Probe, limit: float,
) -> Judgement:
    start = time.perf_counter()
    operation = get_operation(service, name)
    values = values_dir / service.name / f"{name}.json" if values_dir else None
    try:
        value = example_value(service, operation, values if values and values.is_file() else None)
        text = render_snippet(service, operation, value, "python").text
    except SdkParityError as exc:
        return Judgement(service.name, name, SKIPPED, type(exc).__name__, _line(exc.message))
    tag = f"{service.name}.{name}"
    probe.tag = tag
    obs = run_script(text, tag, session, probe.calls, limit, probe)
    obs.server_errors = server.log.take(tag)
    status, code, message, http = classify(obs)
    if status == MOTO_CRASH or (not READ_ONLY.match(name) and any(c.status < 300 for c in obs.calls)):
        server.reset()
    seconds = round(time.perf_counter() - start, 3)
    return Judgement(service.name, name, status, code, message, http, seconds, example_digest(text))


def counts(judgements: Iterable[Judgement]) -> dict[str, dict[str, Any]]:
    """Per service (and ``total``): a count per status, the judged count and rejected share."""
    table: dict[str, Counter[str]] = {}
    seconds: dict[str, float] = {}
    for j in judgements:
        for key in (j.service, "total"):
            table.setdefault(key, Counter())[j.status] += 1
            seconds[key] = seconds.get(key, 0.0) + j.seconds
    result: dict[str, dict[str, Any]] = {}
    for key, tally in table.items():
        row: dict[str, Any] = {s: tally[s] for s in STATUSES}
        judged = sum(tally[s] for s in (OK, IN_SCENARIO, NEEDS_SETUP, REJECTED, ERROR))
        bad = tally[REJECTED] + tally[ERROR]
        row.update(judged=judged, rejected_share=round(bad / judged, 4) if judged else 0.0,
                   seconds=round(seconds[key], 2))
        result[key] = row
    return result


def format_table(judgements: list[Judgement]) -> str:
    """A table per service, the totals, then one line per rejected or failed example."""
    tally = counts(judgements)
    head = ("service", "ok", "in-scenario", "needs-setup", "rejected", "error", "not-impl",
            "moto-crash", "skipped", "rejected %", "seconds")
    rows: list[tuple[str, ...]] = [head]
    for key in sorted(k for k in tally if k != "total") + (["total"] if tally else []):
        t = tally[key]
        rows.append((key, *(str(t[s]) for s in STATUSES),
                     f"{100 * t['rejected_share']:.1f}", f"{t['seconds']:.1f}"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in
                       enumerate(zip(row, widths, strict=True))) for row in rows]
    lines.insert(1, "-" * len(lines[0]))
    if "total" in tally:
        t = tally["total"]
        lines.append(f"{t[REJECTED] + t[ERROR]} of {t['judged']} judged examples rejected "
                     f"({100 * t['rejected_share']:.1f}%; errors are generator crashes)")
    for j in judgements:
        if j.status in (REJECTED, ERROR):
            lines.append(f"  {j.status:8} {j.service}:{j.operation}: {j.code}: {j.message}")
    return "\n".join(lines) + "\n"


def report(judgements: list[Judgement]) -> dict[str, Any]:
    """The JSON report: the day, the moto version, per-service counts and every judgement, sorted."""
    return {"date": report_date(), "moto": importlib.metadata.version("moto"),
            "counts": counts(judgements), "examples": [asdict(j) for j in judgements]}


def main(args: Any) -> int:
    """``sdk-parity verify --against moto``: 0 when nothing was rejected, 1 otherwise."""

    service = args.service or "personalize"
    judgements = run([(service, list(args.operations) or None)], args.values_dir)
    sys.stdout.write(format_table(judgements))
    if args.report is not None:
        text = json.dumps(report(judgements), indent=1, sort_keys=True, ensure_ascii=False)
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(text + "\n", encoding="utf-8")
    return 1 if any(j.status in (REJECTED, ERROR) for j in judgements) else 0
