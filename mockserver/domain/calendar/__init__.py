"""The merchant calendar: shifts, blocked times, appointments, group sessions, series.

Serves the merchant API; the customer booking lifecycle builds on it.
"""
