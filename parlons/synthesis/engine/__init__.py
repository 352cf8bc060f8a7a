"""The analysis engine behind the synthesis: pure Python, no Django import.

Fed by plain records; every result carries its provenance (method,
parameters, hash of the input) so that people can check and decide.
"""
