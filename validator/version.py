"""The tool's version (in `--version`, SARIF's tool.driver and the JSON reports)."""

__version__ = "0.2.0"
