"""Subcommands of the ``warta`` CLI, one module per group."""
