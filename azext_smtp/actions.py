"""What each action id in a verdict asks the user to do (ids are part of the output contract)."""

ACTIONS = {
    "use-authenticated-relay": "Send through an authenticated SMTP relay on TCP 587 (Azure Communication Services, "
                               "SendGrid, ...); 587 is not blocked on any offer.",
    "request-exemption": "Request the exemption: Azure portal > the virtual network > Diagnose and solve problems > "
                         "'Cannot send email (SMTP-Port 25)'; then deallocate and start the VMs.",
    "deallocate-and-start": "Stop and deallocate the VM, then start it (az vm deallocate, then az vm start); a "
                            "reboot does not pick up the new network policy.",
    "add-remove-temp-subnet": "Add a temporary subnet to the VNet and remove it again, so its delegated subnets pick "
                              "up the exemption.",
    "confirm-offer": "Confirm the subscription's offer: run the command in `unknowns` with a billing reader role, or "
                     "check Cost Management + Billing > Subscriptions in the portal.",
    "fix-nsg-rule": "Allow outbound TCP 25 to Internet in the NSG named in the evidence (add an Allow rule with a "
                    "lower priority number than the deny, or remove the deny).",
    "fix-route": "Change the user route that sends internet traffic to None, or send it to a device that can reach "
                 "the internet.",
    "add-nat-gateway": "Give the subnet an explicit outbound path: a NAT gateway (recommended), a public IP on the "
                       "NIC or a load balancer outbound rule.",
    "check-firewall-network-rule": "Give the Azure Firewall a network rule (not an application rule) allowing TCP "
                                   "25 from the VM to the receivers, in its rule collections or its Firewall Policy.",
    "check-appliance": "Check that the network virtual appliance forwards TCP 25 to the internet.",
    "check-on-premises-egress": "Internet traffic is forced through the VPN/ExpressRoute gateway: check that the "
                                "on-premises network lets TCP 25 out.",
    "test-port25": "Test from the VM itself (e.g. az vm run-command invoke ... 'nc -vz <mx-host> 25') to settle "
                   "the disagreement.",
}


def describe(action_id):
    return {"id": action_id, "text": ACTIONS.get(action_id, action_id)}
