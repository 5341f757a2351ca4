"""Point a throw-away `az` configuration at a LocalArm and run real `az` commands there."""
import glob
import json
import os
import shutil
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLOUD = "LocalArm"


def az_executable():
    """The `az` beside the running Python (the project venv), else the one on PATH."""
    here = os.path.join(os.path.dirname(sys.executable), "az")
    return here if os.path.exists(here) else shutil.which("az")


class AzCli:
    """A logged-in `az` whose config, extensions and trust store live under `workdir`."""

    def __init__(self, arm, workdir, ext_dir=None):
        self.arm = arm
        self.workdir = workdir
        bundle = os.path.join(workdir, "ca-bundle.pem")
        import certifi  # shipped with azure-cli's requests
        with open(bundle, "w", encoding="utf-8") as out:
            for src in (certifi.where(), arm.cert):
                with open(src, encoding="utf-8") as f:
                    out.write(f.read() + "\n")
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("AZURE_", "IDENTITY_", "MSI_"))}
        self.env.update({
            "AZURE_CONFIG_DIR": os.path.join(workdir, "azconfig"),
            "AZURE_EXTENSION_DIR": ext_dir or os.path.join(workdir, "azext"),
            "AZURE_CORE_COLLECT_TELEMETRY": "false",
            "AZURE_CORE_NO_COLOR": "true",
            "AZURE_CORE_SURVEY_MESSAGE": "false",
            "REQUESTS_CA_BUNDLE": bundle,
            "IDENTITY_ENDPOINT": arm.url + "msi/token",
            "IDENTITY_HEADER": "localarm",
        })

    def run(self, *args, check=True, env=None):
        """Run `az ARGS`; returns CompletedProcess with text output."""
        # Run outside the repo: `python -m azure.cli` puts the working directory on sys.path,
        # which would load azext_smtp from the source tree instead of the installed extension.
        proc = subprocess.run([az_executable(), *args], env=env or self.env, capture_output=True, text=True,
                              timeout=300, cwd=self.workdir, stdin=subprocess.DEVNULL)  # never a terminal to ask on
        if check and proc.returncode != 0:
            raise RuntimeError(f"az {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}")
        return proc

    def json(self, *args):
        return json.loads(self.run(*args, "-o", "json").stdout)

    def login(self):
        """Register the loopback cloud and log in with the managed identity it serves."""
        self.run("cloud", "register", "-n", CLOUD, "--endpoint-resource-manager", self.arm.url)
        self.run("cloud", "set", "-n", CLOUD)
        self.run("login", "--identity", "-o", "none")
        return self


def install_extension(ext_dir, wheel):
    """`az extension add --source WHEEL` into `ext_dir`; pip fetches install_requires from the index."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AZURE_", "REQUESTS_CA_BUNDLE"))}
    env.update({"AZURE_EXTENSION_DIR": ext_dir, "AZURE_CONFIG_DIR": os.path.join(ext_dir, ".azconfig"),
                "AZURE_CORE_COLLECT_TELEMETRY": "false"})
    proc = subprocess.run([az_executable(), "extension", "add", "--source", wheel, "-y"], env=env,
                          capture_output=True, text=True, timeout=600, cwd=ext_dir)
    if proc.returncode:
        raise RuntimeError(f"az extension add failed:\n{proc.stderr[-3000:]}")


def build_wheel(outdir):
    """Build the extension wheel from the repo, as `az extension add --source` takes it."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", outdir, REPO],
                   check=True, capture_output=True)
    return glob.glob(os.path.join(outdir, "smtp-*.whl"))[0]
