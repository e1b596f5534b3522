"""Loaded by the Python of a CLI script the harness runs whole (this folder is first on its
``PYTHONPATH``): the harness's resolution of ``*.127.0.0.1``, see
``generator/verify/loopback_dns.py``."""

from generator.verify.loopback_dns import install

install()
