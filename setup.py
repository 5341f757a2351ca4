#!/usr/bin/env python
"""Packaging for the `smtp` Azure CLI extension."""
from setuptools import find_packages, setup

VERSION = "0.2.0"

CLASSIFIERS = [
    "Development Status :: 4 - Beta",
    "Intended Audience :: Developers",
    "Intended Audience :: System Administrators",
    "Programming Language :: Python :: 3",
    "License :: OSI Approved :: MIT License",
]

# azure-cli 2.91 does not ship azure-mgmt-network; 33.1 needs azure-mgmt-core >= 1.6.0, which it ships.
DEPENDENCIES = ["azure-mgmt-network>=33.1.0,<34", "azure-mgmt-resourcegraph>=8.0.0,<9"]

# What an index page shows: a short introduction and the release history, as azure-cli-extensions packages do
# (README.md is the repository's guide, with the demo and contributor scripts a wheel does not ship).
INTRO = """\
az smtp
=======

Can this Azure VM send mail on TCP port 25, and if not, why, and what exactly to do?

Azure blocks outbound TCP 25 depending on the subscription's offer. ``az smtp`` reads the subscription's offer and
its VMs, NICs, VNets, NSGs, route tables and firewalls (read-only), maps them onto Microsoft's documented rules and
gives each VM a verdict with the evidence and the next action. Commands: ``az smtp check``, ``az smtp explain-vm``,
``az smtp complete-exemption`` (after an Enterprise Dev/Test exemption), ``az smtp rules``, ``az smtp report``
(HTML, Markdown, JUnit), ``az smtp baseline create`` (accepted findings) and ``az smtp diff``.

Install the wheel with ``az extension add --source smtp-VERSION-py3-none-any.whl -y``.
"""
with open("HISTORY.rst", encoding="utf-8") as f:
    HISTORY = f.read()

setup(
    name="smtp",
    version=VERSION,
    description="Can this Azure VM or app send mail on TCP port 25? If not, why, and what to do: az smtp check, "
                "explain-vm, explain-app, complete-exemption, rules, probe, report, diff and baseline create.",
    long_description=INTRO + "\n\n" + HISTORY,
    long_description_content_type="text/x-rst",
    license="MIT",
    author="az smtp developers",
    author_email="azpycli@microsoft.com",
    url="https://github.com/Azure/azure-cli-extensions",
    classifiers=CLASSIFIERS,
    packages=find_packages(exclude=["tests", "tests.*"]),
    install_requires=DEPENDENCIES,
    package_data={"azext_smtp": ["azext_metadata.json", "data/editions/*.json", "data/i18n/*.json", "data/*.json",
                                 "render/*.html"]},
)
