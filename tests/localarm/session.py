"""A ready-to-use local Azure: loopback ARM + logged-in `az` with the extension installed."""
import os
import shutil
import tempfile
from contextlib import contextmanager

from .azcli import AzCli, build_wheel, install_extension
from .estate import load_estate
from .server import LocalArm
from .steps import QUIET


def installed_extension(directory, steps=QUIET):
    """Build the wheel and `az extension add` it into `directory` (once; reused by every local Azure)."""
    os.makedirs(directory, exist_ok=True)
    with steps.step("Building the extension wheel"):
        wheel = build_wheel(os.path.join(directory, ".dist"))
    with steps.step("Installing it with az extension add (pip fetches azure-mgmt-network and azure-mgmt-resourcegraph)"):
        install_extension(directory, wheel)
    return directory


def start_local_azure(estate, workdir, ext_dir=None, latency=0.0, steps=QUIET, port=0):
    """(arm, az): the ARM serving `estate` from `workdir` and an `az` logged in to it; the caller stops the ARM."""
    data = load_estate(estate) if isinstance(estate, str) else estate
    with steps.step(f"Starting the local ARM (HTTPS on 127.0.0.1) with the '{estate}' estate"
                    if isinstance(estate, str) else "Starting the local ARM"):
        arm = LocalArm(data, workdir, port=port, latency=latency).start()
    try:
        ext_dir = ext_dir or installed_extension(os.path.join(workdir, "azext"), steps)
        with steps.step("Logging a throw-away az in with the local managed identity"):
            return arm, AzCli(arm, workdir, ext_dir).login()
    except BaseException:
        arm.stop()
        raise


@contextmanager
def local_azure(estate="demo", ext_dir=None, latency=0.0, steps=QUIET):
    """Start the ARM on a free port and log a throw-away `az` in; clean up after.

    `ext_dir` is a folder where the extension is installed; without it one is made here. `latency` (seconds)
    delays every ARM answer, as a real region's round trip does.
    """
    workdir = tempfile.mkdtemp(prefix="smtp-localazure-")
    try:
        arm, az = start_local_azure(estate, workdir, ext_dir, latency, steps)
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    try:
        arm.reset_log()
        yield arm, az
    finally:
        arm.stop()
        shutil.rmtree(workdir, ignore_errors=True)
