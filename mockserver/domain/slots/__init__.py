"""Slot booking: weekly time slots with a number of places.

Serves ReserveKit; Bardge's visits (``domain.reseller``) take the same places.
"""
