"""The wheel's metadata, as an index page or `az extension show` would present it."""
import email
import os
import re
import zipfile

from tests.localarm.azcli import build_wheel

REPO = os.path.join(os.path.dirname(__file__), "..", "..")


def test_wheel_metadata_has_a_real_home_page_and_a_short_description(tmp_path):
    with zipfile.ZipFile(build_wheel(str(tmp_path))) as wheel:
        name = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
        meta = email.message_from_bytes(wheel.read(name))
    assert meta["Home-page"] == "https://github.com/Azure/azure-cli-extensions"
    text = meta.get_payload()
    assert text.startswith("az smtp\n=======") and "Release History" in text
    assert meta["Description-Content-Type"] == "text/x-rst"
    assert "Try it now" not in text and "For contributors" not in text  # README.md's repository guide stays out


def test_the_short_description_names_every_command():
    with open(os.path.join(REPO, "azext_smtp", "commands.py"), encoding="utf-8") as f:
        commands = re.findall(r'custom_command\("([a-z-]+)"', f.read())
    with open(os.path.join(REPO, "setup.py"), encoding="utf-8") as f:
        description = " ".join(re.findall(r'"([^"]*)"', f.read().split("description=", 1)[1].split("long_description")[0]))
    assert len(commands) >= 6 and all(re.search(rf"\b{c}\b", description) for c in commands), (commands, description)


def test_the_report_page_template_ships_in_the_wheel(tmp_path):
    with zipfile.ZipFile(build_wheel(str(tmp_path))) as wheel:
        assert "azext_smtp/render/report.html" in wheel.namelist()
