"""Pages of a block-year's setup, one module per capability: movements, pact, registrations,
the scale (the next year: results.next_year_views).

Every view: access helper → form → service → message → redirect. A service's ValidationError
lands on the form (`emulation.forms.apply_service_error`) or in a message
(`flash_service_error`), never as a 500.
"""
