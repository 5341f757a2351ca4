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

with open("README.md", encoding="utf-8") as f:
    README = f.read()
with open("HISTORY.rst", encoding="utf-8") as f:
    HISTORY = f.read()

setup(
    name="smtp",
    version=VERSION,
    description="Can this Azure VM send mail on TCP port 25? If not, why, and what to do.",
    long_description=README + "\n\n" + HISTORY,
    long_description_content_type="text/markdown",
    license="MIT",
    author="az smtp developers",
    author_email="azpycli@microsoft.com",
    url="https://github.com/Azure/azure-cli-extensions/tree/main/src/smtp",
    classifiers=CLASSIFIERS,
    packages=find_packages(exclude=["tests", "tests.*"]),
    install_requires=DEPENDENCIES,
    package_data={"azext_smtp": ["azext_metadata.json", "data/editions/*.json", "data/*.json"]},
)
