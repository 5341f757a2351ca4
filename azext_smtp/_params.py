"""Arguments for `az smtp` commands."""
from azure.cli.core.commands.parameters import get_enum_type, resource_group_name_type

from azext_smtp._validators import validate_check_scope, validate_edition


def load_arguments(self, _):
    from azext_smtp.rules import available_editions
    with self.argument_context("smtp") as c:
        c.argument("edition", options_list=["--rules-edition"], arg_type=get_enum_type(available_editions()),
                   validator=validate_edition,
                   help="Edition of Microsoft's article whose rules to apply. Default: the current edition.")
    with self.argument_context("smtp check") as c:
        c.argument("resource_group_name", resource_group_name_type, required=False,
                   help="Only judge the VMs and VNets in this resource group.")
        c.argument("all_subscriptions", options_list=["--all-subscriptions"], action="store_true",
                   validator=validate_check_scope,
                   help="Judge every enabled subscription of the logged-in account instead of one.")
