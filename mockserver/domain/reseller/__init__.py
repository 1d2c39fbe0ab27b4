"""The reseller programme (Bardge API): passes, clients, lookups, co-pay, credits and visits.

A reseller sells passes that let its clients visit providers (spas, gyms). Visits
are booked on the same weekly time slots and capacity rules as every other
slot booking in the core (``mockserver.domain.bookings``); this package adds who
pays (a pass, credits or a co-pay) and the reseller's two-step booking flow.
"""
