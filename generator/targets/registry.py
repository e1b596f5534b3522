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

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from generator.capabilities import gaps
from generator.errors import SdkParityError, UnsupportedError
from generator.lifecycle.ir import Lifecycle
from generator.model.ir import Operation, Service
from generator.targets import Snippet
from generator.targets.cli import render_cli
from generator.targets.cli_scenario import render_cli_scenario
from generator.targets.client.example import render_client_example
from generator.targets.go import render_go
from generator.targets.java import render_java
from generator.targets.js import render_js
from generator.targets.python import render_python
from generator.targets.python_scenario import render_python_scenario
from generator.targets.rust import render_rust
from generator.values.tree import Value

Renderer = Callable[[Service, Operation, Value, str], Snippet]
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
    services); ``package`` says the examples import a package rendered once per service.
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
    scenario: ScenarioRenderer | None = None

    @property
    def per_operation(self) -> bool:
        """Whether ``generate`` writes one example file per operation for this target."""
        return self.render is not None


TARGETS: tuple[Target, ...] = (
    Target("cli", "AWS CLI", render_cli, "cli", SCRIPT_RUNNER, ("sh",), ".sh", endpoint_flag=True,
           lexer="sh", scenario=render_cli_scenario),
    Target("python", "SDK for Python (Boto3)", render_python, "sdk", SCRIPT_RUNNER,
           ("{python}",), ".py", lexer="python", scenario=render_python_scenario),
    Target("java", "SDK for Java 2.x", render_java, "sdk", "generator.verify.java", lexer="java"),
    Target("js", "SDK for JavaScript (v3)", render_js, "sdk", "generator.verify.js", lexer="javascript"),
    Target("go", "SDK for Go V2", render_go, "sdk", "generator.verify.go", lexer="go"),
    Target("rust", "SDK for Rust", render_rust, "sdk", "generator.verify.rust", lexer="rust"),
    Target("client", "Typed Python client", render_client_example, "sdk", SCRIPT_RUNNER,
           ("{python}",), ".py", package=True, lexer="python"),
)  # fmt: skip

NAMES: tuple[str, ...] = tuple(t.name for t in TARGETS)
EXAMPLE_TARGETS: tuple[Target, ...] = tuple(t for t in TARGETS if t.per_operation)
EXAMPLE_NAMES: tuple[str, ...] = tuple(t.name for t in EXAMPLE_TARGETS)
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


def render_example(service: Service, operation: Operation, value: Value, name: str, title: str) -> Snippet:
    """The example of one operation in target ``name`` (raises ``UnsupportedError`` with the
    reason when the target cannot express it)."""
    renderer = target(name).render
    if renderer is None:
        raise SdkParityError(f"{name} examples are rendered per package, not per operation")
    refused = gaps.refusal(service.name, operation.name, name)  # the SDK sends something else
    if refused is not None:
        raise UnsupportedError(refused, path=f"{service.name}:{operation.name}")
    return renderer(service, operation, value, title)


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
