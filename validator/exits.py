"""The exit codes of every command."""

EXIT_CLEAN = 0  # nothing at or above --fail-on
EXIT_FINDINGS = 1  # findings at or above --fail-on (rules lint: warnings; fix: figures changed)
EXIT_ERROR = 2  # a usage, configuration or rule-pack error, or a run that checked nothing
EXIT_STOPPED = 130  # 128 + SIGINT, as shells report a command stopped by Ctrl-C
