"""heartbeat/domain"""
