"""The Java BOM table (generator/naming/data/java_bom.json) and its refresh tool
(tools/java_bom_modules): the service modules of each BOM, read again from its pom."""

from __future__ import annotations

import json

import pytest
from support import require_tool

from generator.naming import java
from generator.targets.java import SDK_VERSION, no_module_reason
from generator.verify import javatool
from tools import java_bom_modules

POM = """<dependencyManagement><dependencies>
<!-- Non-Services --><dependency><artifactId>sdk-core</artifactId></dependency>
<!-- Services --><dependency><artifactId>acm</artifactId></dependency>
<dependency><artifactId>dynamodb-enhanced</artifactId></dependency>
<dependency><artifactId>personalize</artifactId></dependency>
</dependencies></dependencyManagement>"""


def test_service_modules_are_the_services_section_less_libraries() -> None:
    assert java_bom_modules.service_modules(POM) == ["acm", "personalize"]
    with pytest.raises(ValueError, match="Services"):
        java_bom_modules.service_modules("<project/>")


def test_table_lists_every_bom_the_examples_resolve_at() -> None:
    data = json.loads(java_bom_modules.OUTPUT.read_text(encoding="utf-8"))
    assert list(data["boms"]) == list(javatool.BOM_VERSIONS)
    assert javatool.BOM_VERSIONS[0] == SDK_VERSION
    assert "personalize" in (java.bom_modules(SDK_VERSION) or frozenset())
    for module in data["newer"]:
        assert module not in data["boms"][SDK_VERSION]


def test_table_matches_the_bom_poms() -> None:
    """Each recorded BOM's pom (fetched into the local Maven repository if it is not there)
    lists exactly the recorded modules."""
    require_tool("mvn", "Maven fetches the BOM poms")
    data = json.loads(java_bom_modules.OUTPUT.read_text(encoding="utf-8"))
    for version, modules in data["boms"].items():
        pom = java_bom_modules.bom_pom(version).read_text(encoding="utf-8")
        assert java_bom_modules.service_modules(pom) == modules, version


def test_skip_reason_quotes_maven_for_a_module_only_a_newer_bom_lists() -> None:
    newer = next(iter(json.loads(java_bom_modules.OUTPUT.read_text(encoding="utf-8"))["newer"]))
    reason = no_module_reason("some-service", newer)
    assert f"software.amazon.awssdk:{newer} is listed only by BOM" in reason
    assert "Maven Central here has none" in reason and "(asked 20" in reason
    assert no_module_reason("sdb", None) == "the AWS SDK for Java 2.x has no client for sdb"
