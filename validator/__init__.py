"""report-validator: consistency checks for Freedom House report data.

Importing this package does no work; the command line lives in `validator.cli`.
"""

__version__ = "0.1.0"
