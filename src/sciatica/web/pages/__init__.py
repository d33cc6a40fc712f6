"""Pages for people: the self-check, the clinician's examination form, the referral letter, the
education pages and the personal plan."""
