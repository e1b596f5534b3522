"""targets/client"""
