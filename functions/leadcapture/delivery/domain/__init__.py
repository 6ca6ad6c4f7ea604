"""delivery/domain"""
