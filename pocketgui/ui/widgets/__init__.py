"""Small reusable widgets. Import each from its own module; nothing is re-exported here so that a
page importing one widget does not pay for the others."""
