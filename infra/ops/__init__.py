"""What ops run against a deployed stack: tools that read and write production data.

They go through the same adapters as the functions (`leadcapture.adapters`), never around them.
"""
