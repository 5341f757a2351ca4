"""`az smtp`: can this VM send mail on TCP port 25, and if not, why and what to do."""
from azure.cli.core import AzCommandsLoader


class SmtpCommandsLoader(AzCommandsLoader):

    def __init__(self, cli_ctx=None):
        from azure.cli.core.commands import CliCommandType
        custom = CliCommandType(operations_tmpl="azext_smtp.custom#{}")
        super().__init__(cli_ctx=cli_ctx, custom_command_type=custom)

    def load_command_table(self, args):
        from azext_smtp._help import register
        from azext_smtp.commands import load_command_table
        register(args)
        load_command_table(self, args)
        return self.command_table

    def load_arguments(self, command):
        from azext_smtp._params import load_arguments
        load_arguments(self, command)


COMMAND_LOADER_CLS = SmtpCommandsLoader
