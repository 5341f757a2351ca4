"""Arguments for `az smtp` commands."""
from azure.cli.core.commands.parameters import get_enum_type, resource_group_name_type

from azext_smtp.exit_codes import FAIL_ON
from azext_smtp._validators import (validate_app_reference, validate_check_scope, validate_destination,
                                    validate_edition, validate_exempted_at, validate_language, validate_offer,
                                    validate_saved_source, validate_target, validate_vm_ids, validate_vm_reference)


def load_arguments(self, _):
    from azext_smtp.core.catalog import offer_families
    from azext_smtp.core.editions import available_editions
    from azext_smtp.core.i18n import LANGUAGES
    with self.argument_context("smtp") as c:
        c.argument("edition", options_list=["--rules-edition"], arg_type=get_enum_type(available_editions()),
                   validator=validate_edition,
                   help="Edition of Microsoft's article whose rules to apply. Default: the current edition.")
    for scope in ("smtp check", "smtp explain-vm", "smtp explain-app", "smtp complete-exemption", "smtp rules",
                  "smtp probe", "smtp report", "smtp diff", "smtp baseline create"):
        with self.argument_context(scope) as c:
            c.argument("language", options_list=["--language"], arg_type=get_enum_type(LANGUAGES),
                       validator=validate_language,
                       help="Language of titles, reasons, steps, next actions, warnings, table headers and reports: "
                            "en, tr (Turkish) or de (German); JSON keys, ids and verdicts stay the same. Default: `az "
                            "config` smtp.language, else en.")
    with self.argument_context("smtp rules") as c:
        c.argument("kind", options_list=["--kind"], arg_type=get_enum_type(["rule", "check", "action"]),
                   help="Only this kind: documented rules of the article, the checks verdicts are made of, or the "
                        "actions they ask for. Default: all three.")
    for scope in ("smtp check", "smtp explain-vm", "smtp explain-app", "smtp complete-exemption", "smtp probe",
                  "smtp report", "smtp baseline create"):
        with self.argument_context(scope) as c:
            c.argument("offer", options_list=["--offer"], arg_type=get_enum_type(offer_families()),
                       validator=validate_offer,
                       help="The subscription's offer family as you know it (e.g. from Cost Management + Billing). "
                            "Weighed as evidence of strength 'stated': it settles an offer the billing property and "
                            "usage details leave open, never overrides what they confirm (a conflict is reported).")
        with self.argument_context(scope) as c:
            c.argument("exempted_at", options_list=["--exempted-at"], validator=validate_exempted_at,
                       help="When the port-25 exemption was granted (ISO 8601 date or date-time, UTC unless an "
                            "offset is given, e.g. 2026-11-20 or 2026-11-20T14:30:00+01:00). Used to find VMs that "
                            "must still be deallocated and started and VNets that still need a temporary subnet. "
                            "Without it the exemption is inferred from NIC flags where possible.")
    for scope in ("smtp check", "smtp explain-vm", "smtp explain-app", "smtp report", "smtp baseline create"):
        with self.argument_context(scope) as c:
            c.argument("fail_on", options_list=["--fail-on"], arg_type=get_enum_type(FAIL_ON),
                       help="After printing the result, exit with 4 if a VM is blocked or an app's sending is "
                            "unsupported (blocked, any) or 5 if a "
                            "verdict is unknown or a list that holds VMs could not be read (unknown, any). "
                            "Default: exit 0 whatever the verdicts.")
            c.argument("destination", options_list=["--destination"], validator=validate_destination,
                       help="Public IPv4 address of the receiving mail server. Default: any internet receiver "
                            "(rules and routes covering only part of the internet are then reported as caveats).")
    for scope in ("smtp explain-vm", "smtp probe"):
        with self.argument_context(scope) as c:
            c.argument("resource_group_name", resource_group_name_type, required=False)
            c.argument("vm_name", options_list=["--name", "-n"],
                       help="Name of the VM, or of a scale-set instance (e.g. myscaleset_0).")
    with self.argument_context("smtp explain-vm") as c:
        c.argument("vm_ids", options_list=["--ids"], nargs="+", validator=validate_vm_reference,
                   help="Resource ids of VMs or scale-set instances, space-separated (instead of -g and -n). "
                        "Several ids give a list of explanations.")
    with self.argument_context("smtp probe") as c:
        c.argument("vm_ids", options_list=["--ids"], nargs=1, validator=validate_vm_reference,
                   help="Resource id of the VM or scale-set instance (instead of -g and -n): one, as a probe runs "
                        "a command on it.")
        c.argument("target", options_list=["--target"], validator=validate_target,
                   help="Receiving mail server to connect to, HOST[:PORT] (a DNS name or IPv4 address; port 25 "
                        "unless given). Port 587 of the same host is tried too, as a control. Default: "
                        "gmail-smtp-in.l.google.com:25.")
    with self.argument_context("smtp explain-app") as c:
        c.argument("resource_group_name", resource_group_name_type, required=False)
        c.argument("app_name", options_list=["--name", "-n"], help="Name of the web app or function app.")
        c.argument("slot", options_list=["--slot", "-s"], help="Name of a deployment slot of the app.")
        c.argument("app_id", options_list=["--ids"], validator=validate_app_reference,
                   help="Resource id of the app or slot (instead of -g, -n and --slot).")
    for scope in ("smtp check", "smtp report", "smtp baseline create"):  # what `check` judges, they judge
        with self.argument_context(scope) as c:
            c.argument("resource_group_name", resource_group_name_type, required=False,
                       help="Only judge the VMs, apps and VNets in this resource group.")
            c.argument("all_subscriptions", options_list=["--all-subscriptions"], action="store_true",
                       validator=validate_check_scope,
                       help="Judge every enabled subscription of the logged-in account instead of one.")
            c.argument("subscriptions", options_list=["--subscriptions"], nargs="+",
                       help="Judge these subscriptions (names or ids, space-separated) instead of one.")
            c.argument("management_group", options_list=["--management-group"],
                       help="Judge every enabled subscription under this management group (name or id, nested groups "
                            "included), found with Azure Resource Graph.")
            c.argument("engine", options_list=["--engine"], arg_type=get_enum_type(["auto", "arm", "graph"]),
                       help="What reads the resource lists: arm (list calls per subscription), graph (one Azure "
                            "Resource Graph query for all subscriptions; falls back to arm if Graph refuses), or auto: "
                            "graph for more than 4 subscriptions. Default: auto.")
            c.argument("vm_ids", options_list=["--ids"], nargs="+", validator=validate_vm_ids,
                       help="Judge only these VMs or scale-set instances (resource ids, space-separated), reading "
                            "only what their network paths use instead of listing whole subscriptions.")
    with self.argument_context("smtp complete-exemption") as c:
        c.argument("resource_group_name", resource_group_name_type, required=False,
                   help="Only act on the VMs and VNets in this resource group.")
        c.argument("yes", options_list=["--yes", "-y"], action="store_true",
                   help="Carry the plan out. Without it the command only prints the plan (dry run).")
    _report_arguments(self)


def _report_arguments(self):
    """`report`, `baseline create` and `diff`; `--baseline` on check, explain-vm and report."""
    for scope in ("smtp check", "smtp explain-vm", "smtp report"):
        with self.argument_context(scope) as c:
            c.argument("baseline_file", options_list=["--baseline"],
                       help="Accepted findings: a JSON or YAML file of resource ids or globs with a reason, an "
                            "optional expiry and who accepted them (see `az smtp baseline create`). A blocked or "
                            "unknown resource it covers is marked suppressed, with the reason, and --fail-on ignores "
                            "it until the entry expires.")
    for scope in ("smtp report", "smtp baseline create"):
        with self.argument_context(scope) as c:
            c.argument("from_json", options_list=["--from-json"], validator=validate_saved_source,
                       help="Use a saved `az smtp check -o json` result instead of reading Azure again.")
    with self.argument_context("smtp report") as c:
        c.argument("report_format", options_list=["--format"], required=True,
                   arg_type=get_enum_type(["html", "markdown", "junit"]),
                   help="html: one self-contained page with filters and each resource's path drawn; markdown: a "
                        "summary for $GITHUB_STEP_SUMMARY (under 1 MiB); junit: test results for CI (Azure Pipelines "
                        "PublishTestResults), one test case per resource.")
        c.argument("file_path", options_list=["--file"], required=True, help="Where to write the report.")
    with self.argument_context("smtp baseline create") as c:
        c.argument("file_path", options_list=["--file"], required=True,
                   help="Where to write the baseline (YAML); an existing file is not overwritten.")
    with self.argument_context("smtp diff") as c:
        c.positional("files", nargs=2, metavar="OLD NEW",
                     help="The earlier and the later `az smtp check -o json` results (files).")
        c.argument("fail_on", options_list=["--fail-on"], arg_type=get_enum_type(["regression"]),
                   help="After printing the changes, exit with 7 if a resource got worse (allowed or suppressed to "
                        "unknown or blocked, unknown to blocked) or a new resource is blocked or unknown.")
