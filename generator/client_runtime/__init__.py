"""The typed client's runtime: real Python, copied as it is into every generated package.

``_runtime.py`` (validation, conversion to and from the wire) and ``_engine.py`` (boto3 calls,
paginators, waiters) hold no per-service code, so they live here as ordinary modules - linted,
type-checked and imported directly by the tests - and :mod:`generator.targets.client.package`
copies their text into ``<package>/_runtime.py`` and ``<package>/_engine.py``.
"""
