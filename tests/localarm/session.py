"""A ready-to-use local Azure: loopback ARM + logged-in `az` with the extension installed."""
import os
import shutil
import tempfile
from contextlib import contextmanager

from .azcli import AzCli, build_wheel, install_extension
from .estate import load_estate
from .server import LocalArm


def installed_extension(directory):
    """Build the wheel and `az extension add` it into `directory` (once; reused by every local Azure)."""
    os.makedirs(directory, exist_ok=True)
    install_extension(directory, build_wheel(os.path.join(directory, ".dist")))
    return directory


@contextmanager
def local_azure(estate="demo", ext_dir=None, latency=0.0):
    """Start the ARM on a free port and log a throw-away `az` in; clean up after.

    `ext_dir` is a folder where the extension is installed; without it one is made here. `latency` (seconds)
    delays every ARM answer, as a real region's round trip does.
    """
    workdir = tempfile.mkdtemp(prefix="smtp-localazure-")
    data = load_estate(estate) if isinstance(estate, str) else estate
    arm = LocalArm(data, workdir, latency=latency).start()
    try:
        az = AzCli(arm, workdir, ext_dir or installed_extension(os.path.join(workdir, "azext"))).login()
        arm.reset_log()
        yield arm, az
    finally:
        arm.stop()
        shutil.rmtree(workdir, ignore_errors=True)
