"""Ask the Go module proxy for every AWS SDK for Go v2 service module the catalog needs.

Input: botocore's services (each names its Go package through ``naming.go.package``), the
current pins (``generator/verify/toolchains/go/go.mod``) and the ``CHANGELOG.md`` of the pinned
``github.com/aws/aws-sdk-go-v2`` core module. Output: one :class:`Answer` per package: the
version pinned, or the proxy's own answers to every question asked, in order.

Only the ``go`` command talks to the proxy (``GOPROXY`` as configured, ``direct`` left out, so an
answer is the proxy's and never a failed clone). Per module, in this order:

1. ``go list -m -versions``: the newest version listed;
2. without a list, ``go list -m <module>@latest``;
3. without either, one exact version: the one pinned before (the proxy served it then), else the
   newest release the pinned core's ``CHANGELOG.md`` names for the module;
4. the chosen version is proven by ``go mod download`` (the proxy answers ``.info`` for some
   versions whose ``.zip`` it refuses).

A module none of these gives is recorded with each answer (``version list: 404 Not Found``) and
the date asked; the renderer names them in its skip reason.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

SERVICE_PREFIX = "github.com/aws/aws-sdk-go-v2/service/"
CORE = "github.com/aws/aws-sdk-go-v2"
_STATUS = re.compile(r"reading \S+: (.+)$")
_RESPONSE = re.compile(r"server response: (.+)$")


@dataclass
class Answer:
    """What the proxy said about one service module."""

    package: str
    version: str | None = None
    how: str = ""
    refused: list[tuple[str, str]] = field(default_factory=list)  # (question, answer)

    @property
    def module(self) -> str:
        return SERVICE_PREFIX + self.package


def proxy_env(cache: Path, base: dict[str, str] | None = None) -> dict[str, str]:
    """The ``go`` environment for asking: the configured proxies without ``direct``/``off``."""
    env = dict(base if base is not None else os.environ)
    configured = env.get("GOPROXY") or subprocess.run(
        ["go", "env", "GOPROXY"], capture_output=True, text=True, check=True
    ).stdout.strip()
    proxies = [p for p in re.split(r"[,|]", configured) if p and p not in ("direct", "off")]
    if not proxies:
        raise SystemExit(f"GOPROXY={configured!r} names no module proxy to ask")
    env.update(
        GOPROXY=",".join(proxies),
        GOMODCACHE=str(cache / "mod"),
        GOFLAGS="-mod=mod",
        GOTOOLCHAIN="local",
    )
    return env


def proxy_answer(stderr: str) -> str:
    """The proxy's own words from a ``go`` error: ``404 Not Found``, ``403 Forbidden (This
    module version is not available.)``; the whole last line when go says something else."""
    status = ""
    response = ""
    for line in stderr.splitlines():
        match = _STATUS.search(line.strip())
        if match:
            status = match.group(1).strip()
        match = _RESPONSE.search(line.strip())
        if match:
            response = match.group(1).strip()
    if status:
        return f"{status} ({response})" if response else status
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    text = lines[-1] if lines else "no answer"
    return text.removeprefix("go: ")[:200]


def _go_json(args: list[str], env: dict[str, str], cwd: Path) -> tuple[dict[str, object], str]:
    result = subprocess.run(
        ["go", *args], capture_output=True, text=True, env=env, cwd=cwd, check=False
    )
    try:
        data = json.loads(result.stdout) if result.stdout.strip() else {}
    except json.JSONDecodeError:
        data = {}
    error = data.get("Error")
    if isinstance(error, dict):
        error = error.get("Err")
    problem = str(error) if error else ("" if result.returncode == 0 else result.stderr)
    return data, problem


def changelog_releases(core_dir: Path) -> dict[str, list[str]]:
    """Package -> the versions the core module's ``CHANGELOG.md`` names for it, newest first."""
    text = (core_dir / "CHANGELOG.md").read_text(encoding="utf-8")
    out: dict[str, list[str]] = {}
    for package, version in re.findall(
        r"^\* `" + re.escape(SERVICE_PREFIX) + r"([a-z0-9]+)`: \[(v[0-9][^\]]*)\]", text, re.M
    ):
        out.setdefault(package, []).append(version)
    return out


def ask(
    package: str, env: dict[str, str], cwd: Path, pinned_before: str | None, named: list[str]
) -> Answer:
    """Every question for one module, until a version is proven served (see the module doc)."""
    answer = Answer(package)
    module = answer.module
    listed, problem = _go_json(["list", "-m", "-e", "-json", "-versions", module], env, cwd)
    versions = [str(v) for v in listed.get("Versions", []) or []]  # type: ignore[union-attr]
    candidate, how = "", ""
    if versions:
        candidate, how = versions[-1], f"the newest of {len(versions)} versions listed"
    else:
        answer.refused.append(("version list", proxy_answer(problem) if problem else "empty"))
        latest, problem = _go_json(["list", "-m", "-e", "-json", f"{module}@latest"], env, cwd)
        if not problem and latest.get("Version"):
            candidate, how = str(latest["Version"]), "@latest (no version list)"
        else:
            answer.refused.append(("@latest", proxy_answer(problem)))
            if pinned_before:
                candidate, how = pinned_before, "served exactly as pinned before (no version list)"
            elif named:
                candidate = named[0]
                how = "served exactly: the newest release the core CHANGELOG names (no version list)"
            else:
                answer.refused.append(("exact version", "the core CHANGELOG names no release to try"))
                return answer
    _data, problem = _go_json(["mod", "download", "-json", f"{module}@{candidate}"], env, cwd)
    if problem:
        answer.refused.append((candidate, proxy_answer(problem)))
        return answer
    answer.version, answer.how = candidate, how
    return answer


def pin(answers: list[Answer], go_mod: Path, env: dict[str, str], work: Path) -> tuple[str, str]:
    """The new go.mod and go.sum: the current core requires, every served module at its version
    (one ``go get``), then ``go mod tidy`` of a file that imports ``config`` and every served
    client, so go.sum holds exactly the checksums a build of any example needs."""
    work.mkdir(parents=True, exist_ok=True)
    kept = [
        line
        for line in go_mod.read_text(encoding="utf-8").splitlines()
        if not re.match(r"^\s*" + re.escape(SERVICE_PREFIX) + r"[a-z0-9]+ ", line)
    ]
    (work / "go.mod").write_text("\n".join(kept) + "\n", encoding="utf-8")
    (work / "go.sum").write_bytes(b"")  # only what the examples need: no stale checksums
    served = [a for a in answers if a.version]
    imports = "".join(f'\t_ "{a.module}"\n' for a in served)
    (work / "pins.go").write_text(
        f'package pins\n\nimport (\n\t_ "{CORE}/aws"\n\t_ "{CORE}/config"\n{imports})\n',
        encoding="utf-8",
    )
    for command in (["get", *(f"{a.module}@{a.version}" for a in served)], ["mod", "tidy"]):
        result = subprocess.run(
            ["go", *command], capture_output=True, text=True, env=env, cwd=work, check=False
        )
        if result.returncode != 0:
            raise SystemExit(f"go {command[0]} of the served modules failed: {result.stderr[-600:]}")
    return (work / "go.mod").read_text(encoding="utf-8"), (work / "go.sum").read_text(
        encoding="utf-8"
    )
