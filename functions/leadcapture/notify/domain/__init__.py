"""notify/domain"""
