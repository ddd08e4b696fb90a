"""The password hasher: Argon2id at a cost measured on the deployment's kind of machine.

Django's own Argon2 defaults (100 MiB, 2 passes, 8 lanes) cost about 330 ms of CPU per login
here; a login must stay under 150 ms of CPU so the year-end rush of logins does not starve the
pages. These are OWASP's second recommended Argon2id setting (19 MiB, 2 passes, 1 lane), about
40 ms of CPU: figures and reasoning in docs/performance.md. Changing them later is safe: Django
rehashes a password with the new parameters at the user's next login (`must_update`).
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class MeasuredArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19_456  # KiB
    parallelism = 1
