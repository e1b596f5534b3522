"""Scenario programs are laid out as their language's tools want them and hold what every
scenario must: the Python program is black-stable and compiles, the shell script passes
``sh -n``, both take every value of an earlier step from a variable, and the docs page lists
every step with a link to its operation's page.

Run over every scenario of the services CI proves on moto and of Personalize (the golden tree)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import black
import pytest

from generator.errors import UnsupportedError
from generator.lifecycle.plan import derivation, lifecycles
from generator.model.load import service_names
from generator.model.lower import load_service
from generator.targets.registry import SCENARIO_NAMES, render_scenario, target
from generator.targets.scenario import program
from generator.targets.scenario_docs import render_scenario_docs

SERVICES = ("dynamodb", "sqs", "sns", "s3", "lambda", "iam", "kms", "secretsmanager",
            "stepfunctions", "ecr", "personalize")  # fmt: skip


# every eighth service of the catalog (its names sorted): scenario programs of every shape the
# models give - long identifiers, several returned values, prerequisites of other services
SAMPLE = tuple(sorted(service_names())[::8])


def _scenarios() -> list[tuple[str, str]]:
    return [(s, found.resource) for s in SERVICES for found in lifecycles(s)]


@pytest.mark.parametrize("service", SERVICES)
def test_python_programs_are_black_stable_and_compile(service: str) -> None:
    for found in lifecycles(service):
        models = {s: load_service(s) for s in found.services()}
        text = render_scenario(found, "python", models).text
        compile(text, f"{found.resource}_basics.py", "exec")
        assert black.format_str(text, mode=black.Mode()) == text, found.resource
        assert "finally:" in text and "run_scenario(" in text


@pytest.mark.parametrize("service", SAMPLE)
def test_catalog_sample_python_and_typed_client_programs_are_black_stable(service: str) -> None:
    """The Python and typed-client programs of a broad sample of the catalog: black leaves
    every one unchanged (the layout is computed, black is never run at generation time)."""
    changed = []
    for found in derivation(service).lifecycles:
        models = {s: load_service(s) for s in found.services()}
        for lang in ("python", "client"):
            try:
                text = render_scenario(found, lang, models).text
            except UnsupportedError:
                continue
            if black.format_str(text, mode=black.Mode()) != text:
                changed.append(f"{lang} {found.resource}")
    assert not changed, changed


@pytest.mark.parametrize("service", SERVICES)
def test_typed_client_programs_are_black_stable_and_call_the_package(service: str) -> None:
    """The typed client's program: the Python one's steps and lines, each call through the
    package (no boto3 client calls), black-stable."""
    for found in lifecycles(service):
        models = {s: load_service(s) for s in found.services()}
        text = render_scenario(found, "client", models).text
        python = render_scenario(found, "python", models).text
        compile(text, f"{found.resource}_basics.py", "exec")
        assert black.format_str(text, mode=black.Mode()) == text, found.resource
        assert "session.client(" not in text and "get_waiter(" not in text and "get_paginator(" not in text
        for name in found.services():
            assert f"from sdk_parity_{name.replace('-', '_')} import " in text, (found.resource, name)
        assert text.count("print(") == python.count("print(") > 0, found.resource
        printed = re.findall(r'^ +print\((f?"[^"]*")\)$', python, re.M)
        assert printed == re.findall(r'^ +print\((f?"[^"]*")\)$', text, re.M), found.resource


def test_javascript_programs_parse_as_es_modules(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Every JavaScript program parses (``node --check``), prints the Python program's lines
    and sends each step with a command of its client package (tsc and the wire: verify)."""
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI") == "true":
            pytest.fail("node is not installed")
        pytest.skip("node is not installed")
    for service in SERVICES:
        for found in lifecycles(service):
            models = {s: load_service(s) for s in found.services()}
            text = render_scenario(found, "js", models).text
            python = render_scenario(found, "python", models).text
            module = tmp_path / f"{service}-{found.resource}.mjs"
            module.write_text(text, encoding="utf-8")
            result = subprocess.run([node, "--check", str(module)], capture_output=True, text=True, check=False)
            assert result.returncode == 0, (service, found.resource, result.stderr)
            # one line per step; Python's main also prints the failure (JavaScript: console.error)
            assert len(re.findall(r"^ +console\.log\(`", text, re.M)) == len(
                re.findall(r"^ +print\(", python, re.M)) - 1, found.resource
            for step in found.steps:
                if not step.waiter:
                    sent = (f"new {step.operation}Command(", f"paginate{step.operation}(")
                    assert any(form in text for form in sent), (found.resource, step.operation)
            assert "} finally {" in text and "export const main" in text


def test_go_programs_are_gofmt_clean_and_print_one_line_per_step(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Every Go program is as gofmt writes it, prints the Python program's lines (one per
    step), calls each step's operation on its client (or its waiter or paginator), defers
    each resource's cleanup and exits through ``log.Fatalf`` only in ``main`` (a ``Fatalf``
    elsewhere would skip the deferred cleanup). The build and the wire: verify."""
    gofmt = shutil.which("gofmt")
    if gofmt is None:
        if os.environ.get("CI") == "true":
            pytest.fail("gofmt is not installed")
        pytest.skip("gofmt is not installed")
    files = []
    for service in SERVICES:
        for found in lifecycles(service):
            models = {s: load_service(s) for s in found.services()}
            text = render_scenario(found, "go", models).text
            python = render_scenario(found, "python", models).text
            path = tmp_path / f"{service}-{found.resource}.go"
            path.write_text(text, encoding="utf-8")
            files.append(str(path))
            # one line per step; Python's main also prints the failure (Go: log.Fatalf)
            printed = re.findall(r"^\t+fmt\.Print(?:ln|f)\(", text, re.M)
            assert len(printed) == len(re.findall(r"^ +print\(", python, re.M)) - 1, found.resource
            for step in found.steps:
                sent = (f".{step.operation}(ctx, ", f".New{step.operation}Paginator(", f".New{step.waiter}Waiter(")
                assert any(form in text for form in sent), (found.resource, step.operation)
            creates = {s.undoes for s in found.steps if s.cleanup}
            assert text.count("\tdefer func() {") == len(creates), found.resource
            main = text.index("\nfunc main() {")
            assert "log.Fatalf" not in text[:main] and "os.Exit" not in text, found.resource
    result = subprocess.run([gofmt, "-l", *files], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr


@pytest.mark.parametrize("service", SERVICES)
def test_shell_scripts_pass_sh_n(service: str) -> None:
    for found in lifecycles(service):
        models = {s: load_service(s) for s in found.services()}
        try:
            text = render_scenario(found, "cli", models).text
        except Exception as exc:  # noqa: BLE001 - the reason is asserted below
            assert "not in the model bundled with awscli" in str(exc), exc
            continue
        result = subprocess.run(["sh", "-n"], input=text, text=True, capture_output=True, check=False)
        assert result.returncode == 0, (found.resource, result.stderr)
        assert text.count('"$@"') >= len(found.steps)  # every aws command takes the arguments


def test_identifiers_are_variables_in_every_call() -> None:
    found = next(f for f in lifecycles("dynamodb") if f.resource == "table")
    models = {"dynamodb": load_service("dynamodb")}
    python = render_scenario(found, "python", models).text
    assert python.count('TableName="Music"') == 1  # the create; every later call takes table_name
    routines = program(found).routines  # read and read again share one, so do the two waits
    assert python.count("TableName=table_name") == len(routines) - 2  # not the create, not the list
    client = render_scenario(found, "client", models).text
    assert client.count('table_name="Music"') == 1
    assert client.count("table_name=table_name") == len(routines) - 2
    assert "return response.table_description.table_name" in client  # typed attributes
    go = render_scenario(found, "go", models).text
    assert go.count('TableName: aws.String("Music")') == 1
    assert go.count("TableName: aws.String(tableName)") == len(routines) - 2
    assert "return aws.ToString(output.TableDescription.TableName), nil" in go
    cli = render_scenario(found, "cli", models).text
    assert cli.count("--table-name Music") == 1
    assert "--query TableDescription.TableName --output text" in cli


def test_a_go_program_reads_two_identifiers_of_one_output_after_one_nil_test() -> None:
    """Lambda's function: the role's ARN and name come from CreateRole's ``Role`` (tested for
    ``nil`` once), IAM's ``types`` is imported as ``iamtypes`` beside Lambda's ``types``."""
    found = next(f for f in lifecycles("lambda") if f.resource == "function")
    text = render_scenario(found, "go", {s: load_service(s) for s in found.services()}).text
    assert text.count("if output.Role == nil {") == 1
    assert "return aws.ToString(output.Role.Arn), aws.ToString(output.Role.RoleName), nil" in text
    assert '\tiamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"\n' in text
    assert "var notFound *iamtypes.NoSuchEntityException" in text


def test_every_language_with_a_scenario_renderer_is_in_the_registry() -> None:
    assert set(SCENARIO_NAMES) >= {"cli", "python", "client", "js", "go"}
    assert all(target(name).scenario is not None for name in SCENARIO_NAMES)


def test_the_docs_page_lists_every_step_and_links_its_operation() -> None:
    found = next(f for f in lifecycles("lambda") if f.resource == "function")
    models = {s: load_service(s) for s in found.services()}
    snippets = {lang: render_scenario(found, lang, models) for lang in SCENARIO_NAMES}
    page = render_scenario_docs(models["lambda"], found, snippets, {})
    rows = re.findall(r"^\| (\d+) \| (.+?) \| (.+?) \|$", page, re.M)
    assert [int(n) for n, _, _ in rows] == list(range(1, len(found.steps) + 1))
    assert rows[0][1] == "`iam CreateRole`"  # another service's operation: named, not linked
    assert "[CreateFunction](../CreateFunction.md)" in page
    assert sum("*cleanup*" in text for _, _, text in rows) == sum(s.cleanup for s in found.steps)
    for snippet in snippets.values():
        assert snippet.text in page  # each program byte for byte
