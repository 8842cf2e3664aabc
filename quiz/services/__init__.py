"""Services: the only code that writes what people did (attempts, assignments, teacher accounts)
and the reports made from it. Views call them and turn their exceptions into pages; a service
never imports a view."""
