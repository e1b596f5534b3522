"""The Rust SDK table (generator/naming/data/rust.json) and its refresh tool (tools/refresh_rust_sdk)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import in_ci

from generator.naming import rust
from tools import refresh_rust_sdk


def test_every_pinned_crate_is_in_the_table() -> None:
    pinned = refresh_rust_sdk.pinned_crates()
    assert "aws-sdk-personalize" in pinned and len(pinned) >= 40
    for crate, version in pinned.items():
        assert rust._data()["crates"][crate.removeprefix("aws-sdk-")]["version"] == version
    assert rust.config_version() == refresh_rust_sdk.pinned_version("aws-config")


def test_table_matches_the_crates_sources() -> None:
    """The committed table is what the refresh tool reads from the fetched crates today."""
    try:
        source = refresh_rust_sdk.registry_src()
    except SystemExit as exc:
        if in_ci():
            raise
        pytest.skip(str(exc))
    if not all((source / f"{c}-{v}").is_dir() for c, v in refresh_rust_sdk.pinned_crates().items()):
        pytest.skip("the pinned crates are not fetched: run bash .ci/setup-rust")
    built = refresh_rust_sdk.dumps(refresh_rust_sdk.build(source=source))
    committed = Path(refresh_rust_sdk.OUT).read_text(encoding="utf-8")
    assert built == committed, "stale: run python -m tools.refresh_rust_sdk"


def test_refresh_parsers(tmp_path: Path) -> None:
    assert refresh_rust_sdk.short_type("::std::vec::Vec<crate::types::Tag>") == "Vec<Tag>"
    assert (
        refresh_rust_sdk.short_type(
            "::std::collections::HashMap<\n ::std::string::String,\n crate::types::X,\n>,\n"
        )
        == "HashMap<String, X>"
    )
    source = (
        "impl TagBuilder {\n"
        "    pub fn set_tag_key(mut self, input: ::std::option::Option<::std::string::String>) -> Self {\n"
        "    pub fn set_values(\n        mut self,\n        input: ::std::option::Option<::std::vec::Vec<i32>>,\n    ) -> Self {\n"
    )
    assert refresh_rust_sdk.setters(source) == {"tag_key": "String", "values": "Vec<i32>"}
    types = tmp_path / "types"
    types.mkdir()
    (types / "_domain.rs").write_text(
        "impl ::std::convert::From<&str> for Domain {\n    fn from(s: &str) -> Self {\n"
        '        match s {\n            "ECOMMERCE" => Domain::Ecommerce,\n'
        "            other => Domain::Unknown(x),\n        }\n    }\n}\n",
        encoding="utf-8",
    )
    (types / "_value.rs").write_text(
        "pub enum Value {\n    S(::std::string::String),\n    Flag,\n    #[non_exhaustive]\n    Unknown,\n}\n",
        encoding="utf-8",
    )
    structs, enums, unions = refresh_rust_sdk.read_types(types)
    assert enums == {"Domain": {"ECOMMERCE": "Ecommerce"}}
    assert unions == {"Value": {"S": "String", "Flag": ""}}
    assert json.loads(json.dumps(structs)) == {}


def test_harness_asks_every_feature_a_service_crate_turns_on() -> None:
    """The pinned manifest's shared dependencies carry the union of the features the pinned
    service crates turn on for their own dependencies, so every verify build unifies to the
    same features and the shared target folder is never rebuilt for another mix of services."""
    import tomllib

    from generator.verify import rusttool

    try:
        source = refresh_rust_sdk.registry_src()
    except SystemExit as exc:
        if in_ci():
            raise
        pytest.skip(str(exc))
    shared = tomllib.loads("[d]\n" + "\n".join(rusttool.shared_dependencies()))["d"]
    for name, version in refresh_rust_sdk.pinned_crates().items():
        manifest = tomllib.loads((source / f"{name}-{version}" / "Cargo.toml").read_text("utf-8"))
        deps = manifest.get("dependencies", {})
        for dep, spec in deps.items():
            spec = spec if isinstance(spec, dict) else {}
            if spec.get("optional"):
                continue
            package = spec.get("package", dep)
            if package == "http" or package.startswith("http-body"):
                continue  # two majors pinned side by side: features of neither are asked
            assert package in shared, f"{name} depends on {package}: add it to Cargo.toml"
            wanted = set(spec.get("features", []))
            have = shared[package].get("features", []) if isinstance(shared[package], dict) else []
            assert wanted <= set(have), f"{name} turns on {package} {sorted(wanted)}"
