"""intake/adapters"""
