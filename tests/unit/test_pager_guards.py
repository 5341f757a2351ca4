"""pager.pages' guards against lists that never end, driven through a real SDK client against the local ARM."""
import pytest
from azure.core.exceptions import HttpResponseError
from azure.mgmt.network import NetworkManagementClient

from azext_smtp.collect import api_versions, pager
from tests.localarm.credential import LocalArmCredential
from tests.localarm.make_estates import scaled
from tests.localarm.server import LocalArm
from tests.localarm.shapes import sub_guid

SUB = sub_guid("scaled")
NICS = f"/subscriptions/{SUB}/providers/Microsoft.Network/networkInterfaces"


@pytest.fixture
def arm(tmp_path):
    arm = LocalArm(scaled(7, page_size=1).doc, str(tmp_path)).start()
    yield arm
    arm.stop()


@pytest.fixture
def client(arm):
    return NetworkManagementClient(LocalArmCredential(arm), SUB, base_url=arm.url, connection_verify=arm.cert,
                                   credential_scopes=[arm.url.rstrip("/") + "/.default"])


def names(client):
    return [n["name"] for n in pager.pages(client, NICS, api_versions.NETWORK)]


def test_every_page_is_followed_within_the_bounds(client):
    assert len(names(client)) == 7


def test_more_pages_than_the_bound_is_a_page_loop(client, monkeypatch):
    monkeypatch.setattr(pager, "MAX_PAGES", 5)
    with pytest.raises(HttpResponseError) as err:
        names(client)
    assert err.value.reason == "page loop"


def test_a_repeated_next_link_is_a_page_loop(client, arm):
    arm.estate.faults.append({"path": NICS, "query": "skiptoken=3", "page": "self"})
    with pytest.raises(HttpResponseError, match="page loop"):
        names(client)
    assert sum(r["query"].get("$skiptoken") == "3" for r in arm.requests) == 2


def test_empty_pages_in_a_row_are_followed_up_to_the_bound(client, arm, monkeypatch):
    monkeypatch.setattr(pager, "MAX_EMPTY_PAGES", 5)
    arm.estate.faults.append({"path": NICS, "query": "empty=", "page": "endless", "times": 3})
    arm.estate.faults.append({"path": NICS, "query": "skiptoken=2", "page": "endless", "times": 1})
    assert len(names(client)) == 2 + 7  # 4 empty pages in a row are legal; then the first page again
    arm.estate.faults.append({"path": NICS, "page": "endless"})
    with pytest.raises(HttpResponseError, match="page loop"):
        names(client)


def test_each_page_is_decoded_once(client, monkeypatch):
    """The reader decodes a page; azure-core's ContentDecodePolicy, which the SDK pipeline carries, must not too."""
    import json
    decoded = []
    real = json.JSONDecoder.decode  # every json.loads, however imported, ends here
    monkeypatch.setattr(json.JSONDecoder, "decode", lambda self, text, *a: decoded.append(text) or real(self, text, *a))
    assert len(names(client)) == 7
    assert sum('"value"' in str(text) for text in decoded) == 7, "one decode per page (the token's is not a page)"
