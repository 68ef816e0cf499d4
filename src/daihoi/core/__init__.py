"""The pure-Python domain core of daihoi: no Django import anywhere below this package.

Modules: names (Vietnamese names, normalization, ballot-order collation), legacy_text (TCVN3/VNI),
numbers (Vietnamese number formatting), election (validity, tally, winners), targets (resolution
targets and quality ratings).
"""
