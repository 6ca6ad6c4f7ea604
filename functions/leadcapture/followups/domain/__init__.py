"""followups/domain"""
