"""heartbeat"""
