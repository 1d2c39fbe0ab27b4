"""What every bounded context shares.

The clock, errors, minted ids, contact details, customers and the catalogue's records.
"""
