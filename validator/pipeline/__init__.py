"""The run every command goes through: read, check each document, check across documents, tally."""
