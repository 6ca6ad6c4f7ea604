"""actions/web"""
