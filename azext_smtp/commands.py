"""Command table for `az smtp`."""


def _later(module: str, name: str):
    """`module`'s function `name`, imported when first called: listing the commands (`az smtp -h`) then imports
    neither the tables (and their languages) nor the command functions."""
    def call(*args, **kwargs):
        from importlib import import_module
        return getattr(import_module(module), name)(*args, **kwargs)
    return call


def _table(name: str):
    return _later("azext_smtp._format", name)


def load_command_table(self, _):
    with self.command_group("smtp", is_preview=True) as g:
        g.custom_command("check", "check", table_transformer=_table("check_table"))
        g.custom_command("explain-vm", "explain_vm", table_transformer=_table("explain_table"))
        g.custom_command("explain-app", "explain_app", table_transformer=_table("explain_table"))
        g.custom_command("complete-exemption", "complete_exemption", table_transformer=_table("completion_table"))
        g.custom_command("rules", "list_rules", table_transformer=_table("rules_table"))
        g.custom_command("probe", "probe", table_transformer=_table("probe_table"),
                         confirmation=_later("azext_smtp.custom", "confirm_probe"))
        g.custom_command("report", "report")
        g.custom_command("diff", "diff", table_transformer=_table("diff_table"))
    with self.command_group("smtp baseline", is_preview=True) as g:
        g.custom_command("create", "create_baseline")
