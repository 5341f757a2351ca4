"""The README's demo: the real `az smtp` against a loopback ARM serving the sample estate."""
import sys

from .session import local_azure

COMMANDS = [
    ["smtp", "rules", "-o", "table"],
    ["smtp", "check", "--all-subscriptions", "-o", "table"],
    ["smtp", "explain-vm", "--subscription", "Contoso Enterprise Dev/Test", "-g", "mail-rg", "-n", "eadevtest-mail1",
     "-o", "table"],
    ["smtp", "check", "--subscription", "EA without billing rights", "-o", "json",
     "--query", "{offer: subscriptions[0].offer, policy: subscriptions[0].policy.status, "
                "unknowns: subscriptions[0].unknowns, vm: vms[0]}"],
]


def main():
    with local_azure("demo") as (arm, az):
        print(f"Local ARM at {arm.url} serving the 'demo' estate; az logged in with its managed identity.\n")
        for args in COMMANDS:
            print("$ az " + " ".join(f'"{a}"' if " " in a or "[" in a else a for a in args))
            proc = az.run(*args, check=False)
            sys.stdout.write(proc.stdout)
            sys.stderr.write(proc.stderr)
            print()
            if proc.returncode:
                return proc.returncode
        writes = [r for r in arm.requests if r["method"] != "GET"]
        print(f"ARM requests made by these commands: {len(arm.requests)} ({len(writes)} writes).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
