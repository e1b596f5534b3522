"""Measure how many bytes of bytecode javac spends per value of a Java example's request.

The Java example builds its request in one method, and the JVM bounds a method's code to
65,535 bytes (``generator/data/limits.json``, ``java.bytes_per_value``). For each shape below
the example is rendered with two sizes of the same value, compiled with the real SDK
(``generator.verify.javatool``), and the code length of its longest method read with ``javap``;
the difference divided by the values added is the cost of one value. The table's bound must stay
above the largest figure printed. Needs javac, javap and Maven.

Usage: ``.venv/bin/python bench/java_method_size.py``.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.model.lower import get_operation, load_service
from generator.naming.java import maven_module
from generator.targets.java import render_java
from generator.values import limits
from generator.values.validate import from_document
from generator.verify import javatool

QUEUE = "https://sqs.us-east-1.amazonaws.com/111122223333/q"
Make = Callable[[int], dict[str, Any]]
CASES: dict[str, tuple[str, str, Make, tuple[int, int]]] = {
    "list of strings": ("sqs", "ReceiveMessage",
                        lambda n: {"QueueUrl": QUEUE, "MessageAttributeNames": [f"attr{i}" for i in range(n)]}, (50, 100)),
    "map of strings": ("sqs", "TagQueue",
                       lambda n: {"QueueUrl": QUEUE, "Tags": {f"k{i}": f"v{i}" for i in range(n)}}, (50, 100)),
    "nested structures": ("dynamodb", "BatchWriteItem", lambda n: {"RequestItems": {"t": [
        {"PutRequest": {"Item": {"k": {"N": str(i)}}}} for i in range(n)]}}, (10, 20)),
    "doubles": ("cloudwatch", "PutMetricData", lambda n: {"Namespace": "n", "MetricData": [
        {"MetricName": "m", "Values": [i + 0.5 for i in range(n)], "Counts": [1.0] * n}]}, (50, 100)),
    "structures of a timestamp and a string": ("logs", "PutLogEvents", lambda n: {
        "logGroupName": "g", "logStreamName": "s",
        "logEvents": [{"timestamp": 1700000000000 + i, "message": f"m{i}"} for i in range(n)]}, (50, 100)),
    "document": ("bedrock-runtime", "StartAsyncInvoke", lambda n: {
        "modelId": "amazon.nova-reel-v1:0", "modelInput": {"items": [{"k": i, "s": f"v{i}"} for i in range(n)]},
        "outputDataConfig": {"s3OutputDataConfig": {"s3Uri": "s3://amzn-s3-demo-bucket/p"}}}, (50, 100)),
}


def _longest_method(source: str, path: str, module: str, work: Path) -> int:
    folder = Path(tempfile.mkdtemp(dir=work))
    java = folder / path.rsplit("/", 1)[-1]
    java.write_text(source, encoding="utf-8")
    javatool.compile_java([java], javatool.classpath([module]), folder / "classes")
    lengths = []
    for cls in (folder / "classes").rglob("*.class"):
        text = subprocess.run(["javap", "-c", "-p", str(cls)], capture_output=True, text=True, check=True).stdout
        lengths += [int(n) for n in re.findall(r"^\s+(\d+): ", text, re.M)]
    return max(lengths)


def main() -> None:
    print(f"bound in limits.json: {limits.JAVA_BYTES_PER_VALUE} bytes a value, "
          f"{limits.JAVA_MAX_VALUES} values a method")
    with tempfile.TemporaryDirectory() as tmp:
        for name, (service_name, op_name, make, sizes) in CASES.items():
            service = load_service(service_name)
            operation = get_operation(service, op_name)
            module = maven_module(service.name, service.service_id)
            assert module is not None
            points = []
            for size in sizes:
                value = from_document(service, operation, make(size))
                snippet = render_java(service, operation, value, "Measure")
                points.append((limits.value_count(value), _longest_method(snippet.text, snippet.path, module, Path(tmp))))
            (v1, b1), (v2, b2) = points
            print(f"{name:40} {(b2 - b1) / (v2 - v1):5.1f} bytes a value  (method {b1} bytes at {v1} values)")


if __name__ == "__main__":
    main()
