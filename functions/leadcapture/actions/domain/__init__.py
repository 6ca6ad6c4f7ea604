"""actions/domain"""
