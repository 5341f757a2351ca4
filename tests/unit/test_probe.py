"""`az smtp probe`'s pure part: targets, the scripts (the Linux one run for real against local sockets), parsing
Run Command output, agreement with the verdict, and the permission match."""
import json
import os
import shutil
import socket
import subprocess
import threading

import pytest
from knack.output import format_table

from azext_smtp import _format
from azext_smtp.collect import parse
from azext_smtp.core import access, probe
from azext_smtp.core.probe import PortResult, Target
from tests.paths import ARM_SAMPLES


@pytest.mark.parametrize("text,host,port", [
    (None, "gmail-smtp-in.l.google.com", 25), ("MX.Contoso.com.", "mx.contoso.com", 25),
    ("203.0.113.25:2525", "203.0.113.25", 2525), ("mail:587", "mail", 587)])
def test_targets(text, host, port):
    target = probe.parse_target(text)
    assert (target.host, target.port) == (host, port)
    assert target.ports == ([587] if port == 587 else [port, 587])


def test_only_a_public_ipv4_target_narrows_the_verdict_to_it():
    assert probe.parse_target("52.101.68.3").address == "52.101.68.3"
    assert probe.parse_target("10.0.0.4").address is None
    assert probe.parse_target("mx.contoso.com").address is None


@pytest.mark.parametrize("text", ["mx.contoso.com;reboot", "$(id)", "a b", "mx:0", "mx:70000", "mx:x", "-x", ""])
def test_anything_but_a_host_and_port_is_refused(text):
    with pytest.raises(ValueError):
        probe.parse_target(text or " ")


def test_script_follows_the_os_and_never_carries_unchecked_text():
    assert probe.script_for("Windows", Target("mx"))[0] == "RunPowerShellScript"
    assert probe.script_for("Linux", Target("mx"))[0] == "RunShellScript"
    assert probe.script_for(None, Target("mx"))[0] == "RunShellScript"
    with pytest.raises(ValueError):
        probe.linux_script(Target("mx;reboot"))
    ps = probe.windows_script(Target("mx.contoso.com"))
    assert "Probe 'mx.contoso.com' 25" in ps and "Probe 'mx.contoso.com' 587" in ps and "TcpClient" in "\n".join(ps)


needs_bash = pytest.mark.skipif(not (shutil.which("bash") and shutil.which("timeout")), reason="bash and timeout")


def _run_linux(port, monkeypatch):
    monkeypatch.setattr(probe, "CONNECT_SECONDS", 1)
    monkeypatch.setattr(probe, "BANNER_SECONDS", 1)
    target = Target("127.0.0.1", port)
    out = subprocess.run(["sh", "-c", "\n".join(probe.linux_script(target))], capture_output=True, text=True,
                         timeout=30, check=True).stdout
    return probe.parse_output([f"Enable succeeded: \n[stdout]\n{out}\n[stderr]\n"], target)[0]


@needs_bash
def test_linux_script_connects_and_reads_the_greeting(monkeypatch):
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()

        def greet():
            conn, _ = server.accept()
            conn.sendall(b"220 local ESMTP ready\r\n")
            conn.close()
        threading.Thread(target=greet, daemon=True).start()
        result = _run_linux(server.getsockname()[1], monkeypatch)
    assert (result.result, result.detail) == ("connected", "220 local ESMTP ready")


@needs_bash
def test_linux_script_reports_a_refusal(monkeypatch):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]  # bound, not listening: the kernel answers with a reset
        result = _run_linux(port, monkeypatch)
    assert result.result == "refused" and "refused" in result.detail.lower()


@needs_bash
def test_linux_script_reports_a_silent_drop_as_timed_out(monkeypatch):
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(0)
        fillers = [socket.socket() for _ in range(3)]  # fill the accept queue: further SYNs are dropped
        for f in fillers:
            f.setblocking(False)
            f.connect_ex(server.getsockname())
        try:
            result = _run_linux(server.getsockname()[1], monkeypatch)
        finally:
            for f in fillers:
                f.close()
    assert result.result == "timed-out"


def test_windows_output_is_read_from_its_stdout_entry():
    target = Target("mx.contoso.com")
    results = probe.parse_output(["smtp-probe 25 timed-out no answer within 10 s\r\nsmtp-probe 587 connected 220 hi",
                                  ""], target)
    assert [(r.port, r.result, r.detail) for r in results] == [
        (25, "timed-out", "no answer within 10 s"), (587, "connected", "220 hi")]


def test_a_port_the_output_does_not_mention_is_unknown_with_the_output():
    [first, second] = probe.parse_output(["smtp-probe 25 connected", "bash: timeout: command not found"],
                                         Target("mx"))
    assert (first.result, first.detail) == ("connected", "")
    assert second.result == "unknown" and "command not found" in second.detail


def _results(p25, p587):
    return [PortResult("mx", 25, p25, ""), PortResult("mx", 587, p587, "")]


@pytest.mark.parametrize("verdict,p25,p587,status", [
    ("allowed", "connected", "connected", "confirmed"),
    ("blocked", "timed-out", "connected", "confirmed"),
    ("blocked", "timed-out", "timed-out", "confirmed"),  # e.g. a route that drops everything
    ("blocked", "connected", "connected", "contradicted"),
    ("allowed", "timed-out", "connected", "contradicted"),
    ("allowed", "timed-out", "timed-out", "inconclusive"),
    ("allowed", "refused", "connected", "inconclusive"),
    ("blocked", "unknown", "unknown", "inconclusive"),
    ("unknown", "connected", "connected", "observed"),
    ("unknown", "timed-out", "connected", "observed"),
])
def test_agreement(verdict, p25, p587, status):
    assert probe.agreement(verdict, _results(p25, p587)).status == status


def test_another_port_than_25_says_nothing_about_the_verdict():
    results = [PortResult("mx", 2525, "connected", ""), PortResult("mx", 587, "connected", "")]
    assert probe.agreement("allowed", results).status == "inconclusive"


VM, SET = access.RUN_COMMAND["vm"], access.RUN_COMMAND["scale-set-instance"]


@pytest.mark.parametrize("permissions,action,allowed", [
    ([{"actions": ["*"], "notActions": []}], VM, True),
    ([{"actions": ["Microsoft.Compute/virtualMachines/*"]}], VM, True),  # Virtual Machine Contributor's
    ([{"actions": ["microsoft.compute/virtualmachines/runcommand/action"]}], VM, True),  # case-insensitive
    ([{"actions": ["Microsoft.Compute/virtualMachines/*"]}], SET, False),
    ([{"actions": ["*/read"], "notActions": []}], VM, False),
    ([{"actions": ["*"], "notActions": ["Microsoft.Compute/*/runCommand/action"]}], VM, False),
    ([{"actions": ["*"], "notActions": ["Microsoft.Compute/*/runCommand/action"]},
      {"actions": ["Microsoft.Compute/virtualMachines/runCommand/action"]}], VM, True),  # notActions stay per role
    ([], VM, False),
])
def test_permission_match(permissions, action, allowed):
    assert access.allows(permissions, action) is allowed


def test_unread_permissions_do_not_stop_the_probe():
    assert access.missing_run_command(None, "vm") is None
    assert access.missing_run_command([], "scale-set-instance") == SET


class _Result:  # what knack's format_table reads
    def __init__(self, result):
        self.result, self.table_transformer, self.is_query_active = result, _format.probe_table, False


def test_table_fits_and_keeps_every_word():
    long = "a sentence that says what happened and why it matters " * 5
    result = {"verdict": "blocked", "agreement": {"status": "contradicted", "detail": long},
              "probes": [{"target": "x" * 60, "port": 25, "result": "connected", "detail": long}]}
    out = format_table(_Result(result)).splitlines()
    assert max(map(len, out)) <= 120
    assert " ".join(" ".join(out).split()).count("what happened") == 10


@pytest.mark.parametrize("sample,os_type", [("VirtualMachines_Get.2024-07-01.json", "Windows"),
                                            ("VirtualMachineScaleSetVMs_Get_WithUserData.2024-07-01.json", "Windows")])
def test_os_type_is_read_from_real_vm_bodies(sample, os_type):
    """The script is chosen by the osType the VM list carries (spec examples, as ARM sends them)."""
    with open(os.path.join(ARM_SAMPLES, "Microsoft.Compute", sample), encoding="utf-8") as f:
        body = json.load(f)["responses"]["200"]["body"]
    assert parse.vm(body).os_type == os_type
