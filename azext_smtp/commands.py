"""Command table for `az smtp`."""
from azext_smtp._format import check_table, completion_table, diff_table, explain_table, probe_table, rules_table
from azext_smtp.custom import confirm_probe


def load_command_table(self, _):
    with self.command_group("smtp", is_preview=True) as g:
        g.custom_command("check", "check", table_transformer=check_table)
        g.custom_command("explain-vm", "explain_vm", table_transformer=explain_table)
        g.custom_command("explain-app", "explain_app", table_transformer=explain_table)
        g.custom_command("complete-exemption", "complete_exemption", table_transformer=completion_table)
        g.custom_command("rules", "list_rules", table_transformer=rules_table)
        g.custom_command("probe", "probe", table_transformer=probe_table, confirmation=confirm_probe)
        g.custom_command("report", "report")
        g.custom_command("diff", "diff", table_transformer=diff_table)
    with self.command_group("smtp baseline", is_preview=True) as g:
        g.custom_command("create", "create_baseline")
