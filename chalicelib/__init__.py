"""Smart-community cloud backend: everything the Lambda functions package besides app.py."""

__version__ = "0.1.0"
