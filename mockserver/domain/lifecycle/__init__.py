"""The customer booking lifecycle on the merchant calendar.

Terms, orders, folios, cancellation, invitations and edits: serves the lifecycle API.
"""
