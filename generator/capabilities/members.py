"""What each target can express, so that one value tree serves every language.

Input: the service and operation. Output: a member filter for :func:`generator.values.synthesize.synthesize`
that leaves out optional members some target cannot send: members that awscli's bundled (older)
botocore model lacks, at any depth (``naming/cli`` data), and members the AWS SDK for Java 2.x
jars lack (``naming/java`` data). A values file may still name such a member; then the target
that cannot express it reports why instead of rendering.
"""

from __future__ import annotations

from generator.capabilities import cli as cli_caps
from generator.capabilities import java as java_caps
from generator.model.ir import Operation, Service
from generator.values.tree import MemberFilter


def member_filter(service: Service, operation: Operation) -> MemberFilter:
    """A target that cannot express the operation at all (awscli's model or the Java jar
    lacks it: that target refuses the whole example) does not narrow its members."""
    cli_knows = not cli_caps.missing_from_cli_model(service.name, operation.name)
    java_knows = java_caps.sdk_has_operation(service.name, operation.name) and (
        operation.input is None or java_caps.sdk_has_shape(service.name, operation.input)
    )

    def usable(path: tuple[str, ...], shape: str, member: str) -> bool:
        if cli_knows and cli_caps.missing_from_cli_model_path(service.name, operation.name, path):
            return False
        return not java_knows or java_caps.sdk_has_member(service.name, shape, member)

    return usable
