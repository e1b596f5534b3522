"""The ``sdk-parity verify`` arguments, apart from the command so that building the parser
(every ``sdk-parity`` run) does not import the verifier: boto3, moto and the endpoint.

Stage: verify (its command line). Input: the ``sdk-parity`` sub-command parser. Output: the
``verify`` parser registered on it; :mod:`generator.verify.command` runs what it parses.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from generator.targets.registry import NAMES as LANGS
from generator.targets.registry import with_editions

DEFAULT_LANGS = LANGS
MERGE = "merge"  # ``verify merge R1.json R2.json ...``: no botocore service has this name


def languages(text: str) -> tuple[str, ...]:
    """The languages of ``--lang`` and their editions (``cli`` is run with AWS CLI version 1 and
    version 2: columns ``cli`` and ``cli-v2``)."""
    chosen = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [lang for lang in chosen if lang not in LANGS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            f"unknown language {', '.join(unknown) or '(none)'}: choose from {','.join(LANGS)}"
        )
    return with_editions(chosen)


def add_parser(subparsers: Any) -> None:
    """Register ``verify`` on the ``sdk-parity`` sub-command parser."""
    parser = subparsers.add_parser(
        "verify", help="run every example against a loopback endpoint and compare with botocore"
    )
    parser.add_argument("service", nargs="?", help="default: every Personalize operation")
    parser.add_argument("operations", nargs="*")
    parser.add_argument(
        "--lang", type=languages, default=None, help=f"comma-separated: {','.join(LANGS)}"
    )
    parser.add_argument("--values-dir", type=Path, help="folder of <service>/<Operation>.json")
    parser.add_argument("--report", type=Path, help="write the results as JSON to this file")
    parser.add_argument(
        "--workers", type=int, default=None,
        help="CLI/Python runner threads (default 3); with --all/--services: processes (default: one per core)",
    )  # fmt: skip
    parser.add_argument("--all", action="store_true", help="every botocore service (incremental)")
    parser.add_argument("--services", help="comma-separated services (incremental, like --all)")
    parser.add_argument("--no-cache", action="store_true", help="with --all/--services: run every example again")
    parser.add_argument(
        "--cache", type=Path, default=None,
        help="with --all/--services: the verdict cache (default .cache/verify/manifest.json)",
    )  # fmt: skip
    parser.add_argument(
        "--shard", metavar="K/N", default=None,
        help="with --all/--services: verify only the K-th of N parts of the services (balanced "
        "by their operations; merge the --report files with: verify merge R1.json R2.json ...)",
    )  # fmt: skip
    parser.add_argument(
        "--against", choices=["loopback", "moto"], default="loopback",
        help="loopback: compare every request with botocore's; moto: run the Python examples "
        "on a moto server and report whether the service accepts their values",
    )  # fmt: skip
    parser.add_argument(
        "--scenarios", action="store_true",
        help="verify the scenarios of the services given (default: personalize) instead of "
        "their examples: every step at parity, the cleanup after a failure at each step; "
        "with --against moto: end to end, nothing left behind",
    )  # fmt: skip
