"""The coordinator's desk (issue 21): a signed-in inbox where every lead is worked, urgent first."""
