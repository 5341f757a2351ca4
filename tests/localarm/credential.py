"""A TokenCredential that asks the local ARM's managed-identity endpoint, for the Python API tests."""
import json
import ssl
import urllib.request

from azure.core.credentials import AccessToken


class LocalArmCredential:
    def __init__(self, arm):
        self.arm = arm
        self.context = ssl.create_default_context(cafile=arm.cert)

    def get_token(self, *scopes, **_kwargs):
        url = f"{self.arm.url}msi/token?resource={scopes[0].rsplit('/.default', 1)[0]}"
        with urllib.request.urlopen(url, context=self.context) as resp:
            body = json.load(resp)
        return AccessToken(body["access_token"], int(body["expires_on"]))
