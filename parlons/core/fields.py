"""Model fields shared by the apps."""

from django.db import models

from parlons.core.validators import truncate_to_minute, validate_date_in_range


class MinuteDateTimeField(models.DateTimeField):
    """A date and time a person sets (a phase, a meeting): to the minute, in the allowed range.

    The date-and-time input of our forms shows minutes: a value stored with
    seconds would come back changed from an untouched form (and then overlap the
    phase before it). So the value is kept to the minute whatever path saves it,
    and the range (`core.validators`) is checked by `full_clean` and ModelForms.
    """

    default_validators = [validate_date_in_range]

    def pre_save(self, model_instance, add):
        value = truncate_to_minute(super().pre_save(model_instance, add))
        setattr(model_instance, self.attname, value)
        return value
