"""Query counts shared by the page tests."""

# What every signed-in page costs before its view runs (admin_ml.backends.get_user): the
# session, the user with his structure and profile (select_related), the profile's rights
# (prefetch). The tests of query counts add what the page itself reads.
SESSION = 3
