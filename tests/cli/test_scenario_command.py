"""``sdk-parity scenario``: a service's scenarios one resource a line, one printed as a program,
bad input as one line and exit code 2."""

from __future__ import annotations

import subprocess

from conftest import Run


def test_scenario_lists_the_resources_one_a_line(sdk: Run) -> None:
    result = sdk("scenario", "dynamodb")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["backup", "table"]


def test_scenario_prints_a_runnable_python_program(sdk: Run) -> None:
    result = sdk("scenario", "sqs", "queue", "--lang", "python")
    assert result.returncode == 0, result.stderr
    compile(result.stdout, "queue_basics.py", "exec")
    assert "def run_scenario(sqs):" in result.stdout
    assert "finally:" in result.stdout


def test_scenario_prints_a_shell_script_sh_accepts(sdk: Run) -> None:
    result = sdk("scenario", "sns", "topic", "--lang", "cli")
    assert result.returncode == 0, result.stderr
    syntax = subprocess.run(["sh", "-n"], input=result.stdout, text=True, capture_output=True, check=False)
    assert syntax.returncode == 0, syntax.stderr
    assert "trap 'cleanup \"$@\"' EXIT" in result.stdout


def test_the_cli_word_of_a_service_is_accepted(sdk: Run) -> None:
    assert sdk("scenario", "s3api").stdout.splitlines() == ["bucket"]


def test_an_unknown_resource_is_one_line_naming_the_known_ones(sdk: Run) -> None:
    result = sdk("scenario", "dynamodb", "tables", "--lang", "python")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == (
        "sdk-parity: error: dynamodb: no scenario for resource 'tables' (the service has: backup, table)\n"
    )


def test_a_resource_needs_a_language_and_a_language_needs_a_resource(sdk: Run) -> None:
    missing_lang = sdk("scenario", "dynamodb", "table")
    assert missing_lang.returncode == 2 and "--lang is required" in missing_lang.stderr
    missing_resource = sdk("scenario", "dynamodb", "--lang", "cli")
    assert missing_resource.returncode == 2 and "--lang needs a RESOURCE" in missing_resource.stderr
    assert len(missing_lang.stderr.splitlines()) == len(missing_resource.stderr.splitlines()) == 1


def test_a_language_without_a_scenario_renderer_is_refused_by_argparse(sdk: Run) -> None:
    result = sdk("scenario", "dynamodb", "table", "--lang", "rust")
    assert result.returncode == 2 and "invalid choice" in result.stderr
