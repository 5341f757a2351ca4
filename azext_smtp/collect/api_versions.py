"""Every api-version `az smtp` sends, one per ARM resource provider operation, with where it comes from.

The lists are raw reads (pager.py) at the api-versions the SDK operations of az 2.91 send, so ARM answers as it
answers `az`. The REST specs are in github.com/Azure/azure-rest-api-specs under specification/<provider>.
"""
# Microsoft.Compute VMs, scale sets and their instances: azure-mgmt-compute's 2024-11-01 profile in az 2.91.
COMPUTE = "2024-11-01"
# Microsoft.Network (NICs, VNets, NSGs, route tables, public IPs, NAT gateways, load balancers, firewalls,
# Firewall Policies, IP groups): azure-mgmt-network 33's default.
NETWORK = "2026-03-01"
# A scale set's NICs (virtualMachineScaleSets/.../networkInterfaces): azure-mgmt-network's own default for that
# operation; ARM serves the scale-set NIC list at no later version.
VMSS_NIC = "2018-10-01"
# Microsoft.Resources subscriptions (GET /subscriptions/{id}): az 2.91's profile for subscriptions.
SUBSCRIPTION = "2022-12-01"
# Microsoft.Resources resource groups and the /resources list: az 2.91's profile for Microsoft.Resources
# (`az group list`, `az resource list`); its `$expand=createdTime` adds each resource's createdTime (Resources_List,
# specification/resources/resource-manager/Microsoft.Resources/stable/2024-11-01/resources.json).
RESOURCES = "2024-11-01"
# Microsoft.Web sites, slots, plans, App Service Environments: reports outboundVnetRouting (applicationTraffic,
# allTraffic); specification/web/resource-manager/Microsoft.Web/stable/2024-11-01.
WEB = "2024-11-01"
# Microsoft.ContainerService managedClusters (`az aks list`): az 2.91's acs module leaves the profile to the SDK, so
# azure-mgmt-containerservice 41.6's default; specification/containerservice/resource-manager/
# Microsoft.ContainerService/aks/stable (ManagedClustersList.json: `properties.nodeResourceGroup`,
# `agentPoolProfiles[].name` and `mode`).
AKS = "2026-06-01"
# Microsoft.Billing billingProperty: specification/billing/resource-manager/Microsoft.Billing/stable/2024-04-01.
BILLING = "2024-04-01"
# Microsoft.Consumption usageDetails (azure-mgmt-consumption in az 2.91 speaks older ones):
# specification/consumption/resource-manager/Microsoft.Consumption/stable/2023-05-01.
USAGE = "2023-05-01"
# Microsoft.Insights activity log (eventtypes/management/values): what azure-mgmt-monitor's activity_logs.list sends.
ACTIVITY = "2015-04-01"
# Microsoft.Authorization permissions (what the caller may do on a resource): az 2.91's authorization profile.
PERMISSIONS = "2022-04-01"
# Microsoft.ResourceGraph resources query: azure-mgmt-resourcegraph 8's default.
GRAPH = "2021-03-01"
