"""What the scrubber can mask, and the readable placeholder for each, per language."""

LABELS = (
    "person",
    "email",
    "phone",
    "address",
    "iban",
    "nir",
    "plate",
    "ip",
    "birthdate",
    "identifier",
)

PLACEHOLDERS = {
    "fr": {
        "person": "[nom]",
        "email": "[e-mail]",
        "phone": "[téléphone]",
        "address": "[adresse]",
        "iban": "[IBAN]",
        "nir": "[NIR]",
        "plate": "[plaque]",
        "ip": "[IP]",
        "birthdate": "[date de naissance]",
        "identifier": "[identifiant]",
    },
    "en": {
        "person": "[name]",
        "email": "[email]",
        "phone": "[phone]",
        "address": "[address]",
        "iban": "[IBAN]",
        "nir": "[social security number]",
        "plate": "[licence plate]",
        "ip": "[IP address]",
        "birthdate": "[date of birth]",
        "identifier": "[identifier]",
    },
}

LANGUAGES = tuple(PLACEHOLDERS)
