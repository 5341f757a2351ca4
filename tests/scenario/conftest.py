"""Scenario fixtures: the real `az` with the built extension, against the loopback ARM."""
import copy
import os
import shutil
import tempfile

import pytest

from tests.localarm.estate import load_estate
from tests.localarm.server import LocalArm
from tests.localarm.session import installed_extension, local_azure


@pytest.fixture(scope="session")
def ext_dir(tmp_path_factory):
    return installed_extension(str(tmp_path_factory.mktemp("azext")))


@pytest.fixture(scope="module")
def azure(request, ext_dir):
    """(arm, az) serving the module's ESTATE (a name or an estate document; default 'demo').

    Each test starts from a fresh copy of it (see `arm`)."""
    estate = getattr(request.module, "ESTATE", "demo")
    data = load_estate(estate) if isinstance(estate, str) else estate
    with local_azure(copy.deepcopy(data), ext_dir) as (arm, az):
        arm.pristine = data
        yield arm, az


@pytest.fixture
def arm(azure):
    arm, _ = azure
    arm.use(copy.deepcopy(arm.pristine))
    return arm


@pytest.fixture
def az(azure, arm):
    return azure[1]


@pytest.fixture
def local_arm():
    """A LocalArm factory (stopped after the test)."""
    started = []

    def start(doc):
        arm = LocalArm(copy.deepcopy(doc), tempfile.mkdtemp(prefix="smtp-local-arm-")).start()
        started.append(arm)
        return arm
    yield start
    for arm in started:
        arm.stop()
        shutil.rmtree(arm.cert.rsplit("/", 1)[0], ignore_errors=True)
