"""The working-day calendar: holidays and make-up days, imported by admins or shipped by a package."""
