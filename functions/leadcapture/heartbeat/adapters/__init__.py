"""heartbeat/adapters"""
