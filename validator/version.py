"""The tool's version (in `--version`, SARIF's tool.driver and the JSON reports)."""

__version__ = "0.1.0"
