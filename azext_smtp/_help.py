"""YAML help for `az smtp` commands, put into knack's `helps` by `register` when the command table loads."""
HELP = {}

HELP["smtp"] = """
type: group
short-summary: Can your VMs send mail on TCP port 25? Verdicts with the documented rule and the evidence.
long-summary: >
    Azure blocks outbound TCP 25 depending on the subscription's offer (EA and MCA-E open, Enterprise
    Dev/Test blocked until a self-service exemption, every other offer blocked). The block is invisible
    to NSG tools. `az smtp` reads the real offer and resources (read-only) and maps them onto
    Microsoft's documented rules. Missing data is reported as unknown, never as allowed.
"""

HELP["smtp check"] = """
type: command
short-summary: Judge every VM and app of a subscription (or resource group) for outbound TCP 25.
long-summary: >
    Reads the subscription's offer (quotaId and billing property), VMs, scale-set instances, NICs (with the
    public IP each names), VNets (with the NAT gateway each subnet names), NSGs, route tables, load balancers
    and Azure Firewalls with bulk list calls,
    and reports the subscription policy (not-blocked, blocked, exemptible, exempted, unknown) and a
    verdict per VM (allowed, blocked, unknown) with what blocks it (platform, route, no-outbound, nsg),
    how it reaches the internet (egress), the rule, edition, evidence and next action.
    Web apps, function apps and their slots are judged in apps[] (VNet integration or App Service Environment v3,
    route-all, then the same network checks on their subnet); Container Apps, Container Instances, Spring Apps,
    Logic Apps and Static Web Apps are listed in others[] as not supported.
    Only GET requests are made (and, with the Graph engine, Azure Resource Graph queries, which only read).
    With --ids, only those VMs are judged, reading only what their network paths
    use. A long run shows its progress on stderr when that is a terminal (not with --only-show-errors).
    A list that cannot be read (403, throttled past the retries, a page loop, no answer within
    smtp.read_timeout) is reported in unknowns[] with the command that settles it; a list refused
    subscription-wide is read group by group. `scope` names what was judged, including a default
    group set with `az configure --defaults group=...`.
    Exit codes with --fail-on (after the full result is printed): 0 nothing matches, 4 a VM is blocked
    (blocked, any), 5 a verdict is unknown or a list that holds VMs could not be read (unknown, any; with any,
    4 wins). az's own: 1 error, 2 bad arguments, 3 not found.
examples:
  - name: Judge the VMs of the current subscription, one row per VM.
    text: az smtp check -o table
  - name: Judge one resource group of another subscription, as JSON for scripts.
    text: az smtp check --subscription "Contoso Prod" -g mail-rg -o json
  - name: Judge every enabled subscription of the login.
    text: az smtp check --all-subscriptions -o table
  - name: Judge only some VMs, reading only what their network paths use.
    text: az smtp check --ids $(az vm list -g mail-rg --query "[?starts_with(name, 'mail')].id" -o tsv) -o table
  - name: Judge a few subscriptions, by name or id, read side by side.
    text: az smtp check --subscriptions "Contoso Prod" 00000000-0000-0000-0000-000000000000 -o table
  - name: Judge every subscription under a management group (nested groups included).
    text: az smtp check --management-group Production -o table
  - name: Read the resource lists with one Azure Resource Graph query instead of list calls per subscription.
    text: az smtp check --all-subscriptions --engine graph --query "subscriptions[].{sub:displayName, engine:engine}"
  - name: List only the VMs that cannot send, with the reason.
    text: az smtp check --query "vms[?verdict=='blocked'].{vm:name, why:reasons[0]}" -o table
  - name: Judge for one receiving mail server's address.
    text: az smtp check -g mail-rg --destination 52.101.68.3 -o table
  - name: In CI, print the JSON and fail the job (exit 4) when any VM cannot send.
    text: az smtp check --all-subscriptions --fail-on blocked -o json
  - name: In CI, fail only on findings the baseline (accepted findings, see `az smtp baseline`) does not accept.
    text: az smtp check --all-subscriptions --baseline smtp-baseline.yaml --fail-on blocked -o json
  - name: List the web and function apps (and slots) with their verdict and what blocks them.
    text: az smtp check --query "apps[].{app:name, kind:kind, verdict:verdict, blockedBy:join(', ', blockedBy)}" -o table
  - name: List the other PaaS resources that cannot send on TCP 25 (Container Apps, Container Instances, ...).
    text: az smtp check --query "others[].{name:name, service:service, group:resourceGroup}" -o table
  - name: Show the evidence behind a subscription's offer (quotaId, billing property, usage details, ...).
    text: az smtp check --query "subscriptions[].{sub:displayName, offer:offer.family, how:offer.confidence, evidence:offer.evidence[].detail}" -o json
  - name: State the offer you know from Cost Management + Billing when Reader rights leave it open.
    text: az smtp check --subscription "Contoso Prod" --offer ea -o table
  - name: After an exemption granted on 20 November, list the VMs still to deallocate and start.
    text: >
        az smtp check --exempted-at 2026-11-20
        --query "vms[?contains(actions, 'deallocate-and-start')].name"
  - name: And the VNets that still need a temporary subnet added and removed.
    text: >
        az smtp check --exempted-at 2026-11-20
        --query "vnets[?contains(actions, 'add-remove-temp-subnet')].{vnet:name, range:tempSubnetPrefix}"
"""

HELP["smtp explain-vm"] = """
type: command
short-summary: Explain step by step why one VM or scale-set instance can or cannot send on TCP 25.
long-summary: >
    Walks the same checks `az smtp check` makes, in the order a person would: the subscription's documented
    rule and the NIC's allowPort25Out flag; after an exemption, whether the VM picked it up; the route for
    internet traffic (longest prefix over user and system routes); the outbound method (NAT gateway, public IP,
    load balancer outbound rule, default outbound access) or the Azure Firewall's network rules when the route
    leads to one; then the NIC and subnet NSGs with the deciding rule. Each step has a check id (see
    `az smtp rules --kind check`), a result (pass, fail, unknown, info), the evidence and its doc URL. Ends with
    the verdict (the one `check` gives) and the one next action that matters most. Only what the VM's path
    uses is read (about a dozen GETs however large the subscription), and judged as `check` judges it.
    Several --ids give a list of explanations, in the order given.
    With --fail-on the process exits, after printing, with 4 when a VM is blocked (blocked, any) or 5 when a
    verdict is unknown (unknown, any); otherwise 0.
examples:
  - name: Explain one VM as a readable table.
    text: az smtp explain-vm -g mail-rg -n mailvm1 -o table
  - name: Explain a scale-set instance by id, as JSON.
    text: az smtp explain-vm --ids /subscriptions/{sub}/resourceGroups/mail-rg/providers/Microsoft.Compute/virtualMachineScaleSets/mailss/virtualMachines/0
  - name: Fail a deployment step unless the mail VM can send (exit 4 blocked, 5 unknown).
    text: az smtp explain-vm -g mail-rg -n mailvm1 --fail-on any -o table
  - name: Explain in Turkish (or German with --language de; `az config set smtp.language=tr` makes it the default).
    text: az smtp explain-vm -g mail-rg -n mailvm1 --language tr -o table
  - name: The same, unless the baseline accepts the VM's finding (it is then marked suppressed).
    text: az smtp explain-vm -g mail-rg -n mailvm1 --baseline smtp-baseline.yaml --fail-on any -o table
  - name: Explain for one receiving mail server (routes and NSG rules for part of the internet then decide).
    text: az smtp explain-vm -g mail-rg -n mailvm1 --destination 52.101.68.3 -o table
  - name: Explain several VMs, e.g. every VM of a group that `check` found blocked (a list, one after the other).
    text: >
        az smtp explain-vm -o table --ids $(az smtp check -g mail-rg --query "vms[?verdict=='blocked'].id" -o tsv)
"""

HELP["smtp explain-app"] = """
type: command
short-summary: Explain step by step why one web app, function app, Logic App Standard or slot can or cannot send on TCP 25.
long-summary: >
    App Service and Azure Functions (and Logic Apps Standard, judged as function apps) send on TCP 25 with
    Azure's support only from a virtual network: regional VNet integration with all traffic routed into the
    VNet, or an App Service Environment v3; the subscription's documented rule still applies, and every other
    PaaS resource cannot send on TCP 25 at all. An app with neither is `unsupported`: reported to reach port 25
    through App Service's shared outbound addresses, which Azure does not support. The steps: the subscription's
    rule; VNet integration or App Service Environment v3 (a Consumption, Free or Shared plan cannot be
    integrated); route-all (outboundVnetRouting or vnetRouteAllEnabled; the older app setting
    WEBSITE_VNET_ROUTE_ALL needs more than Reader, so its absence from the properties is reported as unknown with
    the command that settles it); then the same route, outbound, Azure Firewall and NSG checks as a VM, on the
    integration or App Service Environment subnet. Each step has a check id (`az smtp rules --kind check`) and
    its doc URL. Only GET requests are made.
examples:
  - name: Explain a web app as a readable table.
    text: az smtp explain-app -g web-rg -n contoso-web -o table
  - name: Explain a deployment slot.
    text: az smtp explain-app -g web-rg -n contoso-web --slot staging -o table
  - name: Explain a function app by id, as JSON.
    text: az smtp explain-app --ids /subscriptions/{sub}/resourceGroups/web-rg/providers/Microsoft.Web/sites/contoso-func
  - name: List the apps that cannot send and why, from `check`.
    text: az smtp check --query "apps[?verdict!='allowed'].{app:name, kind:kind, why:reasons[0]}" -o table
"""

HELP["smtp complete-exemption"] = """
type: command
short-summary: After a port-25 exemption, deallocate and start the VMs and add and remove the temporary subnets that still need it.
long-summary: >
    Microsoft's article: after an exemption, VMs must be stopped, deallocated and started again to pick up the
    new network policy (a reboot is not enough), and a VNet with a delegated subnet (e.g. App Service
    Environment) needs a temporary subnet added and removed. This command runs `az smtp check --exempted-at`
    and carries out exactly the steps it lists. Without --yes it only prints the plan (dry run) and changes
    nothing. Stopped VMs are only deallocated (they pick up the policy when started). Progress is shown per
    resource; a failure on one resource is reported and the rest continue, and the command then exits with 6
    (after printing the results). Safe to re-run: a second run finds nothing to do. A step that cannot run (a
    VNet with no free address range for the temporary subnet) is marked cannot-run in the plan and skipped;
    it counts as not done for the exit code. The nodes of an AKS node pool are never deallocated through the
    scale-set API: the pool is one cannot-run item with the `az aks nodepool stop/start` (User pool) or
    `az aks stop/start` (System pool) commands that restart them through AKS.
examples:
  - name: Show the plan (dry run, nothing is changed).
    text: az smtp complete-exemption --exempted-at 2026-11-20 -o table
  - name: Carry it out for one resource group.
    text: az smtp complete-exemption --exempted-at 2026-11-20 -g mail-rg --yes
  - name: Carry it out, showing only errors and the outcome table.
    text: az smtp complete-exemption --exempted-at 2026-11-20T14:30:00Z --yes --only-show-errors -o table
"""

HELP["smtp rules"] = """
type: command
short-summary: List the documented port-25 rules, the checks verdicts are made of and the actions they ask for.
long-summary: >
    Rules (kind offer or after-exemption) come from the chosen edition of Microsoft's article: stable id, offer
    families, platform status, way out, doc URL and edition. Checks (kind check) are what every verdict is made
    of: the same ids appear in `steps[].check` and `checks` of `az smtp check` and `explain-vm`, with what each
    examines, the blockedBy category, a doc URL and the remediation. Actions (kind action) are the ids in
    `actions[]`, with the text, a doc URL and the command that carries them out where one exists.
examples:
  - name: Show the current rules, checks and actions as a table.
    text: az smtp rules -o table
  - name: Show only the checks, with their doc URLs.
    text: az smtp rules --kind check --query "[].{id:id, title:title, source:source}" -o table
  - name: Show what an action asks for and the command that does it.
    text: az smtp rules --kind action --query "[?id=='fix-nsg-rule'].{text:text, command:command}" -o json
  - name: Show the rules of the 2017 edition.
    text: az smtp rules --kind rule --rules-edition 2017-11 -o table
"""

HELP["smtp probe"] = """
type: command
short-summary: Confirm a VM's port-25 verdict from inside it, with TCP connections through Run Command.
long-summary: |
    Gives the verdict `az smtp check` gives the VM or scale-set instance, then runs a short script on it through
    Run Command (bash /dev/tcp on Linux, System.Net.Sockets.TcpClient on Windows) that opens a TCP connection to
    the receiver's port 25 and, as a control, to its port 587, reads the greeting and closes. Each port is
    connected, refused, timed-out (how Azure's block and NSG denies look) or error; `agreement` says whether that
    bears the verdict out (confirmed, contradicted, observed when check said unknown, inconclusive).
    This is a write (Microsoft.Compute/virtualMachines/runCommand/action): read permissions are not enough
    (Virtual Machine Contributor grants it; it is checked before anything runs), the VM must be running, and
    the command asks for confirmation unless --yes is given. Nothing is installed or left on the VM.
examples:
  - name: Probe one VM towards Gmail's mail exchanger and compare with the verdict.
    text: az smtp probe -g mail-rg -n mailvm1 -o table
  - name: Probe your own receiver without the confirmation prompt, as JSON.
    text: az smtp probe -g mail-rg -n mailvm1 --target mx.contoso.com --yes -o json
  - name: Probe a scale-set instance by id and keep only the agreement.
    text: az smtp probe --ids /subscriptions/{sub}/resourceGroups/mail-rg/providers/Microsoft.Compute/virtualMachineScaleSets/mailss/virtualMachines/0 --yes --query agreement
"""

HELP["smtp report"] = """
type: command
short-summary: Write a report of `az smtp check` for people and CI (HTML, Markdown or JUnit).
long-summary: >
    Judges the same scope as `az smtp check` (same arguments), or renders a saved `az smtp check -o json` with
    --from-json without reading Azure again, and writes --file. html: one self-contained page (nothing is loaded
    from the network) with the summary by subscription and verdict, a table of every VM, scale-set instance, app
    and other PaaS resource with search and filters, each resource's path drawn (VM, NIC NSG, subnet NSG, route,
    outbound method or Azure Firewall, internet) with the hop that decides marked, the evidence and the next
    action with its command, the VNet follow-ups, the rule edition and its sources, and when, by whom and with
    which versions it was made. markdown: the counts, then the blocked, unknown and suppressed resources with
    their reason and next action, for $GITHUB_STEP_SUMMARY (at most 500 rows per table, so under 1 MiB). junit:
    one test suite per subscription and one test case per resource; blocked fails with the reason and next
    action, unknown is skipped, allowed and suppressed pass. Prints what was written (counts, bytes); with
    --fail-on it then exits as `check` does.
examples:
  - name: Write the HTML report of every subscription of the login.
    text: az smtp report --all-subscriptions --format html --file smtp-report.html
  - name: Render a saved check result as HTML, without reading Azure again.
    text: |
        az smtp check --all-subscriptions -o json > check.json
        az smtp report --from-json check.json --format html --file smtp-report.html
  - name: In GitHub Actions, add the summary to the job's page.
    text: az smtp report --from-json check.json --format markdown --file "$GITHUB_STEP_SUMMARY"
  - name: In Azure Pipelines, write JUnit results for PublishTestResults, with accepted findings passing.
    text: az smtp report --from-json check.json --baseline smtp-baseline.yaml --format junit --file smtp-junit.xml
  - name: Write the HTML report in German (headings, reasons, next actions and doc links; ids stay the same).
    text: az smtp report --all-subscriptions --format html --file smtp-bericht.html --language de
"""

HELP["smtp baseline"] = """
type: group
short-summary: Accepted findings, so that a CI gate fails only on what is new.
long-summary: >
    A baseline is a JSON or YAML file with `accepted:` entries, each a resource (a resource id, or a glob such as
    /subscriptions/SUB/* or /subscriptions/SUB/resourceGroups/legacy-*/*), the reason it is accepted, and
    optionally expires (YYYY-MM-DD) and acceptedBy. Give it to `check`, `explain-vm` or `report` with --baseline:
    a blocked or unknown resource it covers stays in the output with `suppression` (status active, the reason,
    the entry), shows as suppressed in tables and reports, and --fail-on ignores it. From the day after expires
    the suppression is expired and the finding counts again (said on stderr and in `baseline.expired`). An entry
    that matches no blocked or unknown finding is listed in `baseline.unmatched` and said on stderr.
"""

HELP["smtp baseline create"] = """
type: command
short-summary: Write a baseline accepting today's blocked and unknown findings, for a team to edit.
long-summary: >
    Judges the same scope as `az smtp check` (or reads a saved result with --from-json) and writes one entry per
    blocked or unknown resource, its reason being today's verdict and reason and acceptedBy the logged-in
    account. Edit the reasons, add expires dates, remove what you do not accept, and commit it. An existing file
    is not overwritten.
examples:
  - name: Accept the findings of one resource group as they are today.
    text: az smtp baseline create -g legacy-rg --file smtp-baseline.yaml
  - name: From a saved check result.
    text: az smtp baseline create --from-json check.json --file smtp-baseline.yaml
  - name: Then fail CI only on findings the baseline does not accept.
    text: az smtp check --all-subscriptions --baseline smtp-baseline.yaml --fail-on blocked -o none
"""

HELP["smtp diff"] = """
type: command
short-summary: What changed between two `az smtp check -o json` results.
long-summary: >
    Lists the resources whose verdict changed (by resource id): regression (allowed or suppressed to unknown or
    blocked, unknown to blocked), improvement, changed (same verdict, other blockedBy), new and gone, regressions
    first; a new resource that is blocked or unknown counts as a regression. Nothing is read from Azure.
    With --fail-on regression the process exits with 7, after printing, when there is a regression.
examples:
  - name: Show what changed since yesterday's run.
    text: az smtp diff yesterday.json today.json -o table
  - name: The daily scheduled run, failing when something got worse.
    text: |
        az smtp check --all-subscriptions -o json > today.json
        az smtp diff yesterday.json today.json --fail-on regression -o table
  - name: Only the regressions, as JSON.
    text: az smtp diff old.json new.json --query "[?regression]"
"""


def summary(text: str) -> str:
    """An entry's YAML cut to its `type` and `short-summary` lines: all a group's listing shows of it."""
    return "\n".join(line for line in text.splitlines() if line.startswith(("type:", "short-summary:")))


def register(args):
    """Put the help into knack's `helps`: in full for the command or group `args` name (`az smtp check -h`), as its
    summary for the others. knack parses the YAML of every command of a group to list them (60 ms for all of
    them, char by char) and a listing shows only their short summaries. Without a command of the extension in
    `args` (documentation tools load every command), every entry is in full."""
    from knack.help_files import helps
    words = [a for a in args or () if not a.startswith("-")]
    named = max((k for k in HELP if k.split() == words[:len(k.split())]), key=len, default=None)
    for key, text in HELP.items():
        helps[key] = text if named is None or key == named else summary(text)
