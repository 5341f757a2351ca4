"""Writes the sample estates in estates/*.json from the shapes in shapes.py.

Run `python -m tests.localarm.make_estates` after changing this file; the JSON files
are what the local ARM serves and what reviewers read. `scaled(n)` builds the
benchmark estates in memory.
"""
import json
import os

from . import shapes as s
from .estate import ESTATE_DIR

RG = "mail-rg"


class EstateBuilder:
    """Collects subscriptions, billing properties and resources into one estate document."""

    def __init__(self, page_size=100):
        self.doc = {"tenantId": s.TENANT, "pageSize": page_size, "subscriptions": [], "billingProperties": {},
                    "resources": [], "activityLog": [], "faults": []}

    def subscription(self, key, name, quota_id, billing=None):
        sub = s.sub_guid(key)
        self.doc["subscriptions"].append(s.subscription(sub, name, quota_id))
        if billing is not None:
            self.doc["billingProperties"][sub] = billing(sub) if callable(billing) else billing
        return sub

    def add(self, *bodies):
        self.doc["resources"].extend(bodies)
        return bodies[0] if len(bodies) == 1 else bodies

    def network(self, sub, rg=RG, name="vnet1", space=("10.0.0.0/16",), subnets=None):
        subnets = subnets or [{"name": "default", "prefix": "10.0.0.0/24"}]
        body = self.add(s.vnet(sub, rg, name, space, subnets))
        return {sn["name"]: sn["id"] for sn in body["properties"]["subnets"]}

    def vm(self, sub, name, subnet_id, rg=RG, allow25=None, nics=1, **vm_kwargs):
        vm_id = s.rid(sub, rg, "Microsoft.Compute/virtualMachines", name)
        nic_ids = []
        for i in range(nics):
            body = s.nic(sub, rg, f"{name}-nic{i}", subnet_id, vm_id, allow25, primary=(i == 0),
                         private_ip=f"10.0.0.{4 + i}")
            self.add(body)
            nic_ids.append(body["id"])
        return self.add(s.vm(sub, rg, name, nic_ids, **vm_kwargs))

    def write(self, name):
        with open(os.path.join(ESTATE_DIR, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(self.doc, f, indent=1)
            f.write("\n")


def _billing(agreement, account_type, sub_type=None, workload="Production"):
    return lambda sub: s.billing_property(sub, agreement, account_type, sub_type, workload)


OFFERS = [
    # key, display name, quotaId, billing property (or an ARM error), allowPort25Out on its NICs
    ("ea", "Contoso EA Production", "EnterpriseAgreement_2014-09-01",
     _billing("EnterpriseAgreement", "Enterprise", workload="Production"), True),
    ("mcae", "Contoso MCA-E", "EnterpriseAgreement_2014-09-01",
     _billing("MicrosoftCustomerAgreement", "Business", "Enterprise"), True),
    ("mca", "Fabrikam MCA Individual", "EnterpriseAgreement_2014-09-01",
     _billing("MicrosoftCustomerAgreement", "Individual", "Individual"), False),
    ("eadevtest", "Contoso Enterprise Dev/Test", "MSDNDevTest_2014-09-01",
     _billing("EnterpriseAgreement", "Enterprise", workload="DevTest"), False),
    ("paygdevtest", "Fabrikam PAYG Dev/Test", "MSDNDevTest_2014-09-01",
     _billing("MicrosoftOnlineServicesProgram", "Individual", workload="DevTest"), False),
    ("payg", "Fabrikam Pay-As-You-Go", "PayAsYouGo_2014-09-01",
     _billing("MicrosoftOnlineServicesProgram", "Individual"), False),
    ("msdn", "Visual Studio Enterprise", "MSDN_2014-09-01",
     _billing("MicrosoftOnlineServicesProgram", "Individual"), False),
    ("ea403", "EA without billing rights", "EnterpriseAgreement_2014-09-01",
     s.billing_error(403, "AuthorizationFailed", "The client does not have authorization to perform action "
                     "'Microsoft.Billing/billingProperty/read'."), True),
]


def demo():
    """One subscription per offer family of interest, each with a VNet and a mail VM."""
    b = EstateBuilder(page_size=2)
    for key, name, quota, billing, flag in OFFERS:
        sub = b.subscription(key, name, quota, billing)
        subnets = b.network(sub)
        b.vm(sub, f"{key}-mail1", subnets["default"], allow25=flag)
    return b


def exemption():
    """Enterprise Dev/Test after an exemption: one VM picked it up, one did not."""
    b = EstateBuilder()
    sub = b.subscription("edt-exempted", "Contoso Dev/Test exempted", "MSDNDevTest_2014-09-01",
                         _billing("EnterpriseAgreement", "Enterprise", workload="DevTest"))
    subnets = b.network(sub)
    b.vm(sub, "refreshed", subnets["default"], allow25=True)
    b.vm(sub, "stale", subnets["default"], allow25=False)
    return b


def scaled(vm_count, page_size=100):
    """An EA subscription with `vm_count` VMs over a few VNets (for the request-count benchmark)."""
    b = EstateBuilder(page_size=page_size)
    sub = b.subscription("scaled", f"Scaled EA {vm_count}", "EnterpriseAgreement_2014-09-01",
                         _billing("EnterpriseAgreement", "Enterprise"))
    subnets = b.network(sub)
    for i in range(vm_count):
        b.vm(sub, f"vm{i:04d}", subnets["default"], allow25=True)
    return b


ESTATES = {"demo": demo, "exemption": exemption}


def main():
    for name, build in ESTATES.items():
        build().write(name)
        print("wrote", name)


if __name__ == "__main__":
    main()
