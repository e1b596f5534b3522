"""generator.verify.javatool.prefetch against real Maven and the reachable registry: many SDK
modules in few Maven runs, each written where ``resolve([module])`` finds it.

Needs mvn, javac and java (skipped with a printed reason where missing, failed under CI=true).
Every test starts from a fresh cache folder, so Maven really runs (the jars themselves come
from ~/.m2 after the first download).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from support import require_tool

from generator.generate.pipeline import DEFAULT_VALUES
from generator.verify import javatool
from generator.verify import responses as verify_responses
from generator.verify.collect import collect
from generator.verify.examples import PARITY, Verdict
from generator.verify.java import run_java

# three services served at the newest BOM here, of three protocols (json, query, json/cbor)
EXAMPLES = {"sqs": "ListQueues", "sns": "ListTopics", "kinesis": "ListStreams"}
NO_SUCH = "no-such-sdk-parity-module"


def _toolchain() -> None:
    for tool in ("mvn", "javac", "java"):
        require_tool(tool, "needed to resolve, compile and run the AWS SDK for Java 2.x")


def _jar_of(classpath: str, module: str) -> list[str]:
    return [j for j in classpath.split(os.pathsep) if javatool.sdk_artifact(j) == module]


def test_prefetch_resolves_many_modules_in_fewer_maven_runs_and_resolve_hits_the_cache(
    tmp_path: Path,
) -> None:
    _toolchain()
    cache = tmp_path / "java"
    modules = sorted(EXAMPLES)
    done = javatool.prefetch(modules, cache)
    assert sorted(done.resolved) == modules, done
    assert done.maven_runs < len(modules), done
    assert not done.cached and not done.unavailable and not done.left and not done.problems
    assert not list((cache / "prefetch").iterdir())  # its Maven work folders are gone

    again = javatool.prefetch(modules, cache)  # everything cached: no Maven at all
    assert again.maven_runs == 0 and sorted(again.cached) == modules

    for module, operation in EXAMPLES.items():
        hit = javatool.resolve([module], cache)
        assert hit.from_cache and hit.bom_version == done.resolved[module]
        assert len(_jar_of(hit.classpath, module)) == 1
        for other in set(modules) - {module}:  # other service modules' jars are left out
            assert not _jar_of(hit.classpath, other), (module, other)
        assert any("/sdk-core-" in j for j in hit.classpath.split(os.pathsep))

        # that service's generated Java example compiles and runs on this classpath, to parity
        work = tmp_path / module
        work.mkdir()
        examples, refused = collect([(module, [operation])], ("java",), DEFAULT_VALUES, work)
        assert not refused and len(examples) == 1
        verdicts: list[Verdict] = []
        endpoint = verify_responses.new_endpoint()
        try:
            run_java(examples, endpoint, verdicts.append, {}, cache_dir=cache)
        finally:
            endpoint.close()
        assert [v.status for v in verdicts] == [PARITY], [v.detail for v in verdicts]


def test_a_module_missing_under_every_bom_is_reported_unavailable(tmp_path: Path) -> None:
    _toolchain()
    cache = tmp_path / "java"
    done = javatool.prefetch(["sqs", NO_SUCH], cache)
    assert done.unavailable == [NO_SUCH] and list(done.resolved) == ["sqs"], done
    assert not done.problems and not done.left
    # the newest BOM: one run naming it missing, one without it; the next BOM: one run
    assert done.maven_runs == 1 + len(javatool.BOM_VERSIONS), done
    assert javatool.resolve(["sqs"], cache).from_cache
    # learnt for every BOM: resolve reports it without starting Maven, prefetch starts none
    with pytest.raises(javatool.ResolutionError, match=f"not available: {NO_SUCH}"):
        javatool.resolve([NO_SUCH], cache)
    again = javatool.prefetch([NO_SUCH], cache)
    assert again.unavailable == [NO_SUCH] and again.maven_runs == 0


def test_split_classpath_keeps_shared_jars_and_drops_the_other_modules() -> None:
    repo = "/m2/software/amazon/awssdk"
    jars = [f"{repo}/sqs/2.57.8/sqs-2.57.8.jar", f"{repo}/sdk-core/2.57.8/sdk-core-2.57.8.jar",
            f"{repo}/sns/2.57.8/sns-2.57.8.jar", "/m2/io/netty/netty-codec/4/netty-codec-4.jar"]  # fmt: skip
    split = javatool.split_classpath(os.pathsep.join(jars), ["sqs", "sns"])
    assert split["sqs"].split(os.pathsep) == [jars[0], jars[1], jars[3]]
    assert split["sns"].split(os.pathsep) == [jars[1], jars[2], jars[3]]
