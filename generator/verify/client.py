"""Verify, typed client: the generated package of a service, and the published example per operation.

Stage: verify. Input: a service, the operations to verify with their value trees, and a work
folder. Output: ``client`` :class:`~generator.verify.examples.Example` s. The whole package is
rendered with :func:`generator.targets.client.package.render_client` - the package users
install, whose names the examples use - and written under the work folder; each example is the
script ``generate`` publishes (:func:`generator.targets.client.example.render_client_example`),
run with ``PYTHONPATH`` = the package's ``src``, so the values travel through the package's
validation and conversion exactly as a user's would. Operations the package leaves out (event
streams) are "not expressible" with the package's reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from generator.errors import SdkParityError
from generator.generate.write import write_tree
from generator.model.ir import Operation, Service
from generator.naming.python import distribution_name
from generator.render.titles import title
from generator.targets.client.example import render_client_example
from generator.targets.client.package import render_client
from generator.targets.client.plan import unsupported_reason
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
    out = workdir / "client" / (service.name + (f"-{label}" if label else ""))
    try:
        write_tree(render_client(service, None, stubs=False), out, prune=False)
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
            script = render_client_example(service, op, value, title(op.name)).text
        except SdkParityError as exc:
            refused.append(_verdict(service, op, NOT_EXPRESSIBLE, exc.message or str(exc), label))
            continue
        examples.append(
            Example(service.name, op.name, "client", script, to_params(value), label, str(src))
        )
    return examples, refused


def _verdict(service: Service, op: Operation, status: str, detail: str, label: str) -> Verdict:
    return Verdict(service.name, op.name, "client", status, detail, label)
