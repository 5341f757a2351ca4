"""The README's demo: a guided tour of `az smtp` over the 'tour' estate, on a loopback ARM.

Each command comes after one sentence saying what to look at. Set-up progress goes to stderr.
"""
import re
import sys
import time
from datetime import datetime, timedelta, timezone

from .session import local_azure
from .steps import Steps

EA, DEVTEST, PAYG = "Contoso EA Networking", "Contoso Enterprise Dev/Test", "Fabrikam Pay-As-You-Go"
EXEMPTED = "Dev/Test exempted 10 days ago"
# az's notice on every command of a preview group: shown for the first command, not before every answer.
PREVIEW_NOTICE = re.compile(r"^WARNING: Command group 'smtp' is in preview .*\n", re.M)


CANNOT_RUN_EXIT = 6  # complete-exemption --yes when a step failed or could not run (README: Use in CI)


def tour(exempted_at):
    """(what to look at, az arguments, the exit code it ends with) in the order the story goes."""
    since = ["--subscription", EXEMPTED, "--exempted-at", exempted_at]
    return [
        ("Every VM of three subscriptions at once. Policy is what the offer decides (EA not blocked, Pay-As-You-Go "
         "blocked, Enterprise Dev/Test exemptible); BlockedBy says what else stands in the way.",
         ["smtp", "check", "--subscriptions", EA, PAYG, DEVTEST, "-o", "table"]),
        ("Why can nic-nsg-vm not send? The checks in order: the NSG on its NIC denies TCP 25 (step 4), with the "
         "rule's name and priority.",
         ["smtp", "explain-vm", "--subscription", EA, "-g", "mail-rg", "-n", "nic-nsg-vm", "-o", "table"]),
        ("route-none-vm: its subnet's route table drops internet traffic (next hop None), so nothing else matters.",
         ["smtp", "explain-vm", "--subscription", EA, "-g", "mail-rg", "-n", "route-none-vm", "-o", "table"]),
        ("fw-denied-vm goes through the hub's Azure Firewall (another resource group): no network rule lets it out.",
         ["smtp", "explain-vm", "--subscription", EA, "-g", "mail-rg", "-n", "fw-denied-vm", "-o", "table"]),
        ("private-vm sits in a private subnet (no default outbound access) without NAT gateway, public IP or load "
         "balancer: no way out at all.",
         ["smtp", "explain-vm", "--subscription", EA, "-g", "mail-rg", "-n", "private-vm", "-o", "table"]),
        ("Enterprise Dev/Test before an exemption: the platform blocks TCP 25 until you ask for the self-service "
         "exemption; the last row says where.",
         ["smtp", "explain-vm", "--subscription", DEVTEST, "-g", "mail-rg", "-n", "eadevtest-mail1", "-o", "table"]),
        (f"The same offer exempted on {exempted_at}: which VMs and VNets have not picked it up yet? Look at NextAction "
         "(created before, never deallocated since: deallocate-and-start).",
         ["smtp", "check", *since, "-o", "table"]),
        ("complete-exemption without --yes is a dry run: the plan, full-vnet marked cannot-run (no free range for "
         "the temporary subnet), and a last row saying nothing was changed.",
         ["smtp", "complete-exemption", *since, "-o", "table"]),
        ("With --yes it carries the plan out (az's progress bar on stderr) and the last row says what was done; it "
         f"exits {CANNOT_RUN_EXIT}, because full-vnet could not run, so a pipeline notices.",
         ["smtp", "complete-exemption", *since, "--yes", "-o", "table"], CANNOT_RUN_EXIT),
        ("A second dry run: only full-vnet is left, until someone adds an address range to it.",
         ["smtp", "complete-exemption", *since, "-o", "table"]),
    ]


def show(args):
    return "$ az " + " ".join(f'"{a}"' if " " in a or "[" in a else a for a in args)


def main():
    steps = Steps(out=sys.stdout)
    exempted_at = (datetime.now(timezone.utc) - timedelta(days=10)).date().isoformat()
    with local_azure("tour", steps=steps) as (arm, az):
        print(f"\nLocal ARM at {arm.url} serving the 'tour' estate; az is logged in with its managed identity.")
        print("Every command below is the real az 2.91 with the extension installed (az's preview notice, printed by "
              "every command, is shown for the first one only).\n")
        started = time.monotonic()
        for number, (sentence, args, *exit_code) in enumerate(tour(exempted_at)):
            print(f"# {sentence}\n{show(args)}", flush=True)
            proc = az.run(*args, check=False)
            stderr = proc.stderr if number == 0 else PREVIEW_NOTICE.sub("", proc.stderr)
            sys.stdout.write(stderr.replace("\r", "\n").replace("\n\n", "\n").lstrip("\n"))
            sys.stdout.write(proc.stdout)
            print()
            if proc.returncode != (exit_code or [0])[0]:
                return proc.returncode or 1
        writes = [r for r in arm.requests if r["method"] != "GET"]
        print(f"The tour took {time.monotonic() - started:.0f}s: {len(arm.requests)} ARM requests, "
              f"{len(writes)} of them writes, all made by complete-exemption --yes.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
