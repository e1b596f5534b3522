"""Item 1: an operation in the model's, the AWS CLI's or boto3's spelling, everywhere."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Run

from generator.errors import SdkParityError
from generator.naming.spellings import resolve_operation

SPELLINGS = ("CreateMetricAttribution", "create-metric-attribution", "create_metric_attribution")


@pytest.mark.parametrize("lang", ["cli", "python"])
def test_snippet_prints_the_same_example_for_all_three_spellings(sdk: Run, lang: str) -> None:
    outputs = [sdk("snippet", "personalize", name, "--lang", lang) for name in SPELLINGS]
    assert [r.returncode for r in outputs] == [0, 0, 0], [r.stderr for r in outputs]
    assert outputs[0].stdout and outputs[0].stdout == outputs[1].stdout == outputs[2].stdout


def test_generate_takes_cli_and_python_spellings(sdk: Run, tmp_path: Path) -> None:
    result = sdk("generate", "personalize", "create-metric-attribution",
                 "list_metric_attributions", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    pages = sorted(p.name for p in (tmp_path / "personalize").glob("*.md"))
    assert pages == ["CreateMetricAttribution.md", "ListMetricAttributions.md"]


def test_client_operations_take_any_spelling(sdk: Run, tmp_path: Path) -> None:
    result = sdk("client", "personalize", "--operations",
                 "create_metric_attribution,DescribeMetricAttribution", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    package = tmp_path / "python" / "sdk-parity-personalize"
    # the client's methods are declared in its stubs (the runtime builds them from a table)
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(package.rglob("*.pyi")))
    assert "def create_metric_attribution" in text
    assert "def describe_metric_attribution" in text
    assert "def list_metric_attributions" not in text


def test_verify_takes_the_cli_spelling(sdk: Run) -> None:
    result = sdk("verify", "personalize", "create-metric-attribution", "--lang", "python")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "CreateMetricAttribution" in result.stdout


def test_a_service_may_be_given_by_its_cli_word(sdk: Run) -> None:
    result = sdk("snippet", "s3api", "list-buckets", "--lang", "cli")
    assert result.returncode == 0, result.stderr
    assert "aws s3api list-buckets" in result.stdout


def test_unknown_operation_gets_suggestions_in_the_spelling_used(sdk: Run) -> None:
    result = sdk("snippet", "personalize", "create-metric-atribution", "--lang", "cli")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "did you mean create-metric-attribution" in result.stderr
    result = sdk("snippet", "personalize", "create_metric_atribution", "--lang", "cli")
    assert "did you mean create_metric_attribution" in result.stderr


def test_unknown_service_gets_suggestions_even_when_short(sdk: Run) -> None:
    result = sdk("list", "s4")
    assert result.returncode == 2
    assert result.stderr == "sdk-parity: error: s4: unknown service 's4' (did you mean s3 or es or ds?)\n"


def test_a_spelling_of_two_operations_is_refused_with_both() -> None:
    # botocore's xform_name gives list_web_acls for both; no model in botocore 1.44.8 has
    # such a pair, so the names are given directly
    with pytest.raises(SdkParityError) as caught:
        resolve_operation("waf", ["ListWebACLs", "ListWebAcls"], "list_web_acls")
    assert "ambiguous" in str(caught.value)
    assert "ListWebACLs or ListWebAcls" in str(caught.value)
    assert resolve_operation("waf", ["ListWebACLs", "ListWebAcls"], "ListWebAcls") == "ListWebAcls"
