"""The one registry of targets: every command reads the languages from here and nowhere else.

A :class:`Target` says what a language is to each stage: how an operation's example is rendered
(``render``), whether the example imports a package generated per service (``package``: the
typed client, whose package ``verify`` writes before running the examples), where the
docs page shows it (the CLI section or an SDK tab), and which module of :mod:`generator.verify`
runs a batch of its examples on the wire (``runner``, a dotted module name loaded only when a
verify run starts, so that generation never imports the toolchains). The order of
:data:`TARGETS` is the order of the docs tabs, of ``verify``'s columns and of the summaries.

Adding a language: a renderer module in ``generator/targets/``, its naming module in
``generator/naming/``, its templates in ``templates/<name>/``, a runner module in
``generator/verify/`` (or the shared script runner) and one entry below (see ARCHITECTURE.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from generator.capabilities import gaps
from generator.errors import SdkParityError, UnsupportedError
from generator.lifecycle.ir import Lifecycle
from generator.model.ir import Operation, Service
from generator.targets import Snippet, cli, go, java, js, python, rust
from generator.targets.cli_scenario import render_cli_scenario
from generator.targets.client import example as client_example
from generator.targets.client_scenario import render_client_scenario
from generator.targets.go_scenario import render_go_scenario
from generator.targets.js_scenario import render_js_scenario
from generator.targets.python_scenario import render_python_scenario
from generator.values.tree import Value

Renderer = Callable[[Service, Operation, Value, str], Snippet]
PathOf = Callable[[str, str], str]  # (service, operation) -> the example's path in the tree
# a scenario's program: the lifecycle and the IR of every service it calls (by name)
ScenarioRenderer = Callable[[Lifecycle, Mapping[str, Service]], Snippet]

SCRIPT_RUNNER = "generator.verify.scripts"


@dataclass(frozen=True)
class Target:
    """One language (or, for ``client``, one generated package) and what each stage needs of it.

    ``interpreter`` is the command line a script runner starts the example file with
    (``{python}`` is this interpreter); ``suffix`` the example file's suffix there;
    ``endpoint_flag`` asks the script runner to put an ``aws`` wrapper that passes
    ``--endpoint-url`` first on ``PATH`` (awscli v1 ignores ``AWS_ENDPOINT_URL`` for some
    services, AWS CLI version 2.9 for all); ``package`` says the examples import a package
    rendered once per service; ``path`` where ``generate`` writes an operation's example (its
    renderer writes there too).

    ``edition_of`` makes the target another version of that target's tool, which runs the very
    same examples (AWS CLI version 2 for the ``cli`` scripts): ``verify`` gives it a column of
    its own and ``--lang <edition_of>`` selects it too; nothing is written or offered for it
    alone. An example it cannot run names it in :attr:`Snippet.not_for` with the reason.
    ``tool`` is the major version of the tool its script runner starts (``1``: the awscli
    installed with sdk-parity; ``2``: AWS CLI version 2, :mod:`generator.verify.clitool`).
    """

    name: str
    title: str
    render: Renderer | None
    docs: str  # "cli": the page's CLI section; "sdk": a tab of the SDK section; "": not shown
    runner: str
    interpreter: tuple[str, ...] = ()
    suffix: str = ""
    endpoint_flag: bool = False
    package: bool = False
    lexer: str = "text"  # the code blocks' language on the docs site (Pygments name)
    path: PathOf | None = None
    edition_of: str = ""
    tool: str = "1"
    scenario: ScenarioRenderer | None = None

    @property
    def per_operation(self) -> bool:
        """Whether ``generate`` writes one example file per operation for this target."""
        return self.render is not None and not self.edition_of


TARGETS: tuple[Target, ...] = (
    Target("cli", "AWS CLI", cli.render_cli, "cli", SCRIPT_RUNNER, ("sh",), ".sh", endpoint_flag=True,
           lexer="sh", path=cli.example_path, scenario=render_cli_scenario),
    Target("cli-v2", "AWS CLI version 2", cli.render_cli, "", SCRIPT_RUNNER, ("sh",), ".sh",
           endpoint_flag=True, lexer="sh", edition_of="cli", tool="2"),
    Target("python", "SDK for Python (Boto3)", python.render_python, "sdk", SCRIPT_RUNNER,
           ("{python}",), ".py", lexer="python", path=python.example_path,
           scenario=render_python_scenario),
    Target("java", "SDK for Java 2.x", java.render_java, "sdk", "generator.verify.java", lexer="java",
           path=java.example_path),
    Target("js", "SDK for JavaScript (v3)", js.render_js, "sdk", "generator.verify.js", lexer="javascript",
           path=js.example_path, scenario=render_js_scenario),
    Target("go", "SDK for Go V2", go.render_go, "sdk", "generator.verify.go", lexer="go",
           path=go.example_path, scenario=render_go_scenario),
    Target("rust", "SDK for Rust", rust.render_rust, "sdk", "generator.verify.rust", lexer="rust",
           path=rust.example_path),
    Target("client", "Typed Python client", client_example.render_client_example, "sdk", SCRIPT_RUNNER,
           ("{python}",), ".py", package=True, lexer="python", path=client_example.example_path,
           scenario=render_client_scenario),
)  # fmt: skip

NAMES: tuple[str, ...] = tuple(t.name for t in TARGETS)  # every verify column
LANGUAGES: tuple[Target, ...] = tuple(t for t in TARGETS if not t.edition_of)  # what users choose
EXAMPLE_TARGETS: tuple[Target, ...] = tuple(t for t in TARGETS if t.per_operation)
EXAMPLE_NAMES: tuple[str, ...] = tuple(t.name for t in EXAMPLE_TARGETS)  # snippet, generate
SCENARIO_TARGETS: tuple[Target, ...] = tuple(t for t in TARGETS if t.scenario is not None)
SCENARIO_NAMES: tuple[str, ...] = tuple(t.name for t in SCENARIO_TARGETS)
PACKAGE_TARGET = "client"  # rendered once per service, not per operation
DOCS = "docs"  # the page of an operation: an artifact of every run, not a language


def target(name: str) -> Target:
    """The target called ``name``; :class:`SdkParityError` naming the known ones otherwise."""
    for candidate in TARGETS:
        if candidate.name == name:
            return candidate
    raise SdkParityError(f"unknown language {name!r}: choose from {', '.join(NAMES)}")


def example_paths(service: str, operation: str) -> dict[str, str]:
    """Where ``generate`` writes each language's example of an operation, by target name (a
    target that refuses the operation writes nothing there)."""
    return {t.name: t.path(service, operation) for t in EXAMPLE_TARGETS if t.path is not None}


def with_editions(names: Iterable[str]) -> tuple[str, ...]:
    """The targets named and their editions (``cli`` brings ``cli-v2``), in registry order."""
    chosen = set(names)
    return tuple(t.name for t in TARGETS if t.name in chosen or t.edition_of in chosen)


def render_example(service: Service, operation: Operation, value: Value, name: str, title: str) -> Snippet:
    """The example of one operation in target ``name`` (raises ``UnsupportedError`` with the
    reason when the target cannot express it; for an edition, when it cannot run the example
    of the target it is an edition of)."""
    spec = target(name)
    if spec.render is None:
        raise SdkParityError(f"{name} examples are rendered per package, not per operation")
    refused = gaps.refusal(service.name, operation.name, name)  # the SDK sends something else
    if refused is not None:
        raise UnsupportedError(refused, path=f"{service.name}:{operation.name}")
    snippet = spec.render(service, operation, value, title)
    return edition_snippet(snippet, name, f"{service.name}:{operation.name}")


def edition_snippet(snippet: Snippet, name: str, where: str) -> Snippet:
    """``snippet`` as target ``name`` runs it (itself), or ``UnsupportedError`` with the reason
    an edition cannot run it (:attr:`Snippet.not_for`)."""
    reason = dict(snippet.not_for).get(name)
    if reason is not None:
        raise UnsupportedError(reason, path=where)
    return snippet


def render_scenario(lifecycle: Lifecycle, name: str, services: Mapping[str, Service]) -> Snippet:
    """The scenario program of ``lifecycle`` in target ``name`` (raises ``UnsupportedError``
    with the reason when the target cannot express one of its calls)."""
    renderer = target(name).scenario
    if renderer is None:
        raise UnsupportedError(f"no {target(name).title} scenario renderer yet", path=lifecycle.service)
    for step in lifecycle.steps:
        refused = gaps.refusal(step.service, step.operation, name)
        if refused is not None:
            raise UnsupportedError(refused, path=f"{step.service}:{step.operation}")
    return renderer(lifecycle, services)
