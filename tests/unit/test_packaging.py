"""The wheel's metadata, as an index page or `az extension show` would present it."""
import email
import zipfile

from tests.localarm.azcli import build_wheel


def test_wheel_metadata_has_a_real_home_page_and_a_short_description(tmp_path):
    with zipfile.ZipFile(build_wheel(str(tmp_path))) as wheel:
        name = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
        meta = email.message_from_bytes(wheel.read(name))
    assert meta["Home-page"] == "https://github.com/Azure/azure-cli-extensions"
    text = meta.get_payload()
    assert text.startswith("az smtp\n=======") and "Release History" in text
    assert meta["Description-Content-Type"] == "text/x-rst"
    assert "Try it now" not in text and "For contributors" not in text  # README.md's repository guide stays out


def test_the_report_page_template_ships_in_the_wheel(tmp_path):
    with zipfile.ZipFile(build_wheel(str(tmp_path))) as wheel:
        assert "azext_smtp/render/report.html" in wheel.namelist()
