"""scripts/local-azure.sh: start a local Azure, use it from an ordinary shell through the printed exports, stop it."""
import json
import os
import subprocess
import sys

from tests.localarm.azcli import REPO

SCRIPT = os.path.join(REPO, "scripts", "local-azure.sh")


def test_exports_give_a_shell_a_working_az_smtp_and_stop_ends_it(tmp_path):
    state = tmp_path / "state"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AZURE_", "IDENTITY_", "REQUESTS_CA_BUNDLE"))}
    env.update(SMTP_VENV=os.path.dirname(os.path.dirname(sys.executable)), SMTP_LOCAL_AZURE=str(state),
               PATH="/usr/bin:/bin")
    try:
        started = subprocess.run([SCRIPT, "network"], env=env, capture_output=True, text=True, timeout=600, check=True)
        exports = started.stdout.splitlines()
        assert exports and all(line.startswith("export ") for line in exports)
        names = {line.split("=", 1)[0][len("export "):] for line in exports}
        assert {"PATH", "REQUESTS_CA_BUNDLE", "AZURE_CONFIG_DIR", "AZURE_EXTENSION_DIR", "IDENTITY_ENDPOINT",
                "IDENTITY_HEADER"} <= names
        assert "Starting the local ARM" in started.stderr and "done in" in started.stderr
        shell = subprocess.run(
            ["bash", "-c", 'eval "$EXPORTS" && command -v az && az smtp explain-vm -g mail-rg -n nic-nsg-vm -o json'],
            env={**env, "EXPORTS": started.stdout}, cwd=REPO, capture_output=True, text=True, timeout=600)
        assert shell.returncode == 0, shell.stderr
        where, result = shell.stdout.split("\n", 1)
        assert where == os.path.join(os.path.dirname(sys.executable), "az")
        assert json.loads(result)["verdict"] == "blocked"
        pid = int((state / "pid").read_text())
    finally:
        subprocess.run([SCRIPT, "stop"], env=env, capture_output=True, timeout=60, check=True)
    assert not state.exists()
    assert subprocess.run(["kill", "-0", str(pid)], capture_output=True).returncode != 0
