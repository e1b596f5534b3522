"""Verify, typed client: the generated package of a service, and one call script per operation.

Stage: verify. Input: a service, the operations to verify with their value trees, and a work
folder. Output: ``client`` :class:`~generator.verify.examples.Example` s. The package is rendered
with :func:`generator.targets.client.package.render_client` and written under the work folder; each
example is a small script that imports it (``PYTHONPATH`` = the package's ``src``), builds the
typed client from the environment and calls the typed method with the example's values written
as the package's own dataclasses (:func:`generator.targets.client.example.call_script`), so the values travel through the
package's validation and conversion exactly as a user's would. Operations the package leaves
out (event streams) are "not expressible" with the package's reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from generator.errors import SdkParityError
from generator.generate.write import write_tree
from generator.model.ir import Operation, Service
from generator.naming.python import distribution_name
from generator.targets.client.example import call_script
from generator.targets.client.package import load_waiters, render_client
from generator.targets.client.plan import make_plan, unsupported_reason
from generator.values.tree import Value, to_params
from generator.verify.examples import MISMATCH, NOT_EXPRESSIBLE, Example, Verdict


def prepare(
    service: Service, items: Sequence[tuple[Operation, Value]], workdir: Path, label: str = ""
) -> tuple[list[Example], list[Verdict]]:
    """Write the package of ``service`` for these operations and one script per operation."""
    refused: list[Verdict] = []
    usable: list[tuple[Operation, Value]] = []
    for op, value in items:
        reason = unsupported_reason(service, op)
        if reason:
            refused.append(_verdict(service, op, NOT_EXPRESSIBLE, reason, label))
        else:
            usable.append((op, value))
    if not usable:
        return [], refused
    names = sorted({op.name for op, _ in usable})
    out = workdir / "client" / (service.name + (f"-{label}" if label else ""))
    try:
        write_tree(render_client(service, names), out, prune=False)
        plan = make_plan(service, names, load_waiters(service.name, service.api_version))
    except SdkParityError as exc:  # the target says it cannot: not expressible, with its reason
        why = exc.message or str(exc)
        return [], refused + [_verdict(service, op, NOT_EXPRESSIBLE, why, label) for op, _ in usable]
    except Exception as exc:  # noqa: BLE001 - a crashing generator is a finding, not a crash
        why = f"typed client generation failed: {type(exc).__name__}: {exc}"[:300]
        return [], refused + [_verdict(service, op, MISMATCH, why, label) for op, _ in usable]
    src = out / "python" / distribution_name(service.name) / "src"
    examples: list[Example] = []
    for op, value in usable:
        try:
            script = call_script(plan, op.name, value)
        except SdkParityError as exc:
            refused.append(_verdict(service, op, NOT_EXPRESSIBLE, exc.message or str(exc), label))
            continue
        examples.append(
            Example(service.name, op.name, "client", script, to_params(value), label, str(src))
        )
    return examples, refused


def _verdict(service: Service, op: Operation, status: str, detail: str, label: str) -> Verdict:
    return Verdict(service.name, op.name, "client", status, detail, label)
