"""intake/web"""
