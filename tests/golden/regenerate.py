"""`python -m tests.golden.regenerate`: rewrite every golden snapshot from the real `az smtp` output, and the check
reference docs/checks.md from the catalog.

Also deletes snapshots no case produces any more, so renamed or dropped cases show up in the diff."""
import os
import sys
import tempfile

from tests.localarm.session import installed_extension

from .capture import SNAPSHOTS, capture
from .cases import cases
from .checks_doc import write as write_checks_doc


def main():
    write_checks_doc()
    with tempfile.TemporaryDirectory(prefix="smtp-golden-") as tmp:
        ext_dir = installed_extension(os.path.join(tmp, "azext"))
        written = {}
        for estate in cases():
            written.update(capture(estate, ext_dir))
    for rel, text in written.items():
        path = os.path.join(SNAPSHOTS, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    for root, _, files in os.walk(SNAPSHOTS):
        for name in files:
            rel = os.path.relpath(os.path.join(root, name), SNAPSHOTS).replace(os.sep, "/")
            if rel not in written:
                os.remove(os.path.join(root, name))
                print(f"removed stale {rel}")
    failed = [rel for rel, text in written.items() if "--- exit code" in text]
    print(f"wrote {len(written)} snapshots under {os.path.relpath(SNAPSHOTS)}"
          + (f"; {len(failed)} record a failure or stderr: {', '.join(failed)}" if failed else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
