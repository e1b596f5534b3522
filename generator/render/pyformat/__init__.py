"""render/pyformat"""
