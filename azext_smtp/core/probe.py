"""`az smtp probe`, the pure part: the script a VM runs, what its output says, and whether it agrees with `check`.

The scripts print one line per port, `smtp-probe PORT RESULT DETAIL`, so Linux and Windows output parse alike.
Results: connected (TCP handshake done), refused (a reset came back), timed-out (no answer: how Azure's
port-25 block, an NSG deny or a dropping route look from inside), error (the VM could not even try, e.g. no DNS).
"""
import re
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

from .i18n import message

DEFAULT_TARGET = "gmail-smtp-in.l.google.com"  # the MX of a large mailbox provider, answering on TCP 25
SMTP_PORT = 25
CONTROL_PORT = 587  # the submission port of the same host: open when the VM's egress works at all
CONNECT_SECONDS = 10
BANNER_SECONDS = 5
MARK = "smtp-probe"
HOST = re.compile(r"(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}"
                  r"[A-Za-z0-9])?)*\.?")
REACHED, SILENT = "connected", "timed-out"


@dataclass
class Target:
    host: str
    port: int = SMTP_PORT

    @property
    def ports(self) -> List[int]:
        return [self.port] + ([CONTROL_PORT] if self.port != CONTROL_PORT else [])

    @property
    def address(self) -> Optional[str]:
        """The host when it is a public IPv4 address: `check` can then judge for exactly this receiver."""
        import ipaddress
        try:
            ip = ipaddress.ip_address(self.host)
        except ValueError:
            return None
        return self.host if ip.version == 4 and ip.is_global else None

    @property
    def private(self) -> bool:
        """An IP address outside the internet (10/8, 172.16/12, 192.168/16, shared, ...): port 25's block is about
        internet receivers only, so a connection there says nothing about it."""
        import ipaddress
        try:
            return not ipaddress.ip_address(self.host).is_global
        except ValueError:
            return False


@dataclass
class PortResult:
    target: str
    port: int
    result: str  # connected | refused | timed-out | error | unknown (the script said nothing for the port)
    detail: str


def parse_target(text: Optional[str]) -> Target:
    """HOST[:PORT] (a DNS name or an IPv4 address); ValueError says what is wrong. The host goes into a shell or
    PowerShell script, so only DNS name characters pass."""
    host, _, port = (text or DEFAULT_TARGET).strip().partition(":")
    if not HOST.fullmatch(host):
        raise ValueError(f"'{host}' is not a host name or IPv4 address")
    _special(host.rstrip("."))
    if port and not (port.isdigit() and 1 <= int(port) <= 65535):
        raise ValueError(f"'{port}' is not a TCP port (1-65535)")
    return Target(host.rstrip(".").lower(), int(port) if port else SMTP_PORT)


def _special(host: str) -> None:
    """Refuse what no mail server listens on: a dotted number that is no IPv4 address, and the multicast,
    broadcast, unspecified and link-local addresses (loopback stays: the VM's own relay)."""
    import ipaddress
    if not all(label.isdigit() for label in host.split(".")):
        return
    try:
        ip = ipaddress.IPv4Address(host)
    except ValueError as err:
        raise ValueError(f"'{host}' is not an IPv4 address") from err
    for special, what in ((ip.is_multicast, "multicast"), (ip == ipaddress.IPv4Address("255.255.255.255"),
                                                           "the broadcast address"),
                          (ip.is_unspecified, "the unspecified address"),
                          (ip.is_link_local, "a link-local address")):
        if special:
            raise ValueError(f"{host} is {what}, where no mail server listens")


def _checked(target: Target) -> Target:
    return parse_target(f"{target.host}:{target.port}")  # scripts are built from checked text only


def linux_script(target: Target) -> List[str]:
    """POSIX sh around bash's /dev/tcp under `timeout`: connect, then read the server's greeting (first line)."""
    target = _checked(target)
    wait = CONNECT_SECONDS + BANNER_SECONDS
    return [
        "#!/bin/sh",
        f"# {MARK} target={target.host} ports={','.join(map(str, target.ports))}",
        "probe() {",
        f"  out=$(timeout {wait} bash -c 'exec 3<>\"/dev/tcp/$0/$1\" || exit 3; "
        f"IFS= read -r -t {BANNER_SECONDS} line <&3; echo \"$line\"' \"$1\" \"$2\" 2>&1); rc=$?",
        "  out=$(printf '%s' \"$out\" | tr -d '\\r' | head -n 1)",
        "  case $rc in",
        f"    0) echo \"{MARK} $2 connected ${{out:-no greeting within {BANNER_SECONDS} s}}\" ;;",
        f"    124) echo \"{MARK} $2 timed-out no answer within {wait} s\" ;;",
        f"    *) case $out in *refused*) r=refused ;; *) r=error ;; esac; echo \"{MARK} $2 $r $out\" ;;",
        "  esac",
        "}",
        *[f"probe {target.host} {port}" for port in target.ports],
    ]


def windows_script(target: Target) -> List[str]:
    """PowerShell: System.Net.Sockets.TcpClient with a connect timeout (Test-NetConnection waits ~21 s and is
    missing on Server Core without the NetTCPIP module), then the greeting line."""
    target = _checked(target)
    return [
        f"# {MARK} target={target.host} ports={','.join(map(str, target.ports))}",
        "function Probe($h, $p) {",
        "  $c = New-Object System.Net.Sockets.TcpClient",
        "  try {",
        f"    if (-not $c.ConnectAsync($h, $p).Wait({CONNECT_SECONDS * 1000})) "
        f"{{ \"{MARK} $p timed-out no answer within {CONNECT_SECONDS} s\"; return }}",
        f"    $s = $c.GetStream(); $s.ReadTimeout = {BANNER_SECONDS * 1000}",
        "    try { $g = (New-Object System.IO.StreamReader($s)).ReadLine() } catch { $g = '' }",
        f"    if (-not $g) {{ $g = 'no greeting within {BANNER_SECONDS} s' }}",
        f"    \"{MARK} $p connected $g\"",
        "  } catch {",
        "    $e = $_.Exception; while ($e.InnerException) { $e = $e.InnerException }",
        "    $r = switch ([string]$e.SocketErrorCode) { 'ConnectionRefused' { 'refused' } "
        "'TimedOut' { 'timed-out' } default { 'error' } }",
        f"    \"{MARK} $p $r $($e.Message)\"",
        "  } finally { $c.Close() }",
        "}",
        *[f"Probe '{target.host}' {port}" for port in target.ports],
    ]


def script_for(os_type: Optional[str], target: Target) -> Tuple[str, List[str]]:
    """(Run Command id, script lines) for the VM's OS."""
    if (os_type or "").lower() == "windows":
        return "RunPowerShellScript", windows_script(target)
    return "RunShellScript", linux_script(target)


def parse_output(messages: Sequence[str], target: Target) -> List[PortResult]:
    """One result per probed port from Run Command's status messages (Linux puts stdout and stderr in one
    message, Windows in two); a port the output does not mention is `unknown`, with the output as detail."""
    found = {}
    for text in messages:
        for line in (text or "").splitlines():
            parts = line.strip().split(" ", 3)
            if len(parts) >= 3 and parts[0] == MARK and parts[1].isdigit():
                found.setdefault(int(parts[1]), (parts[2], _detail(parts[3] if len(parts) > 3 else "")))
    said = " ".join(" ".join(m.split()) for m in messages if m and m.strip())[:300]
    return [PortResult(target.host, port, *found.get(port, ("unknown", message(
        "probe.no-result", said=said or message("probe.empty"))))) for port in target.ports]


OWN_WORDS = re.compile(r"no (answer|greeting) within (\d+) s")  # what the scripts above say themselves


def _detail(said: str):
    """A port's detail: the scripts' own words as a message (said in the reader's language); the OS's socket
    message and the server's greeting stay as they came."""
    own = OWN_WORDS.fullmatch(said)
    return message(f"probe.no-{own[1]}", seconds=own[2]) if own else said


@dataclass
class Agreement:
    status: str  # confirmed | contradicted | observed (check said unknown) | inconclusive
    detail: str


def agreement_for(target: Target, verdict: str, results: List[PortResult]) -> Agreement:
    """`agreement`, except that a private receiver is outside the port-25 rule: whatever it answers says nothing
    either way."""
    if target.private:
        return Agreement("inconclusive", message("probe.private", port=str(results[0].port), host=target.host,
                                                 result=results[0].result, smtp=str(SMTP_PORT)))
    return agreement(verdict, results)


def agreement(verdict: str, results: List[PortResult]) -> Agreement:
    """Does what the VM saw bear out `check`'s verdict? Only connected and timed-out say something about the
    path: a refusal means the SYN got out and the receiver (or a firewall there) said no."""
    probe, control = results[0], (results[1] if len(results) > 1 else None)
    where = message("probe.where", port=str(probe.port), target=probe.target)
    control_ok = control is not None and control.result == REACHED
    if probe.port != SMTP_PORT:
        return Agreement("inconclusive", message("probe.other-port", smtp=str(SMTP_PORT), where=where,
                                                 result=probe.result))
    if probe.result not in (REACHED, SILENT):
        return Agreement("inconclusive", message("probe.neither", where=where, result=probe.result,
                                                 detail=probe.detail))
    if verdict == "unknown":
        return Agreement("observed", message("probe.observed", where=where, result=probe.result))
    if (verdict == "allowed") == (probe.result == REACHED):
        extra = message("probe.held-back", control=str(control.port), port=str(probe.port)) \
            if control_ok and probe.result == SILENT else ""
        return Agreement("confirmed", message("probe.confirmed", where=where, result=probe.result, extra=extra,
                                              verdict=verdict))
    if probe.result == SILENT and control is not None and not control_ok:
        return Agreement("inconclusive", message("probe.both-silent", where=where, control=str(control.port),
                                                 control_result=control.result))
    return Agreement("contradicted", message("probe.contradicted", where=where, result=probe.result,
                                             verdict=verdict))
