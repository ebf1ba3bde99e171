"""Django's SQLite backend, with decimals that read back as they were written.

SQLite keeps a DECIMAL column as a floating-point number. Django turns a plain column back into
a Decimal quantized to the field's decimal places, but any other expression — a Sum, an
annotation, a Coalesce — comes back as the float's 15 significant digits: 0.74 read as
Decimal("0.740000000000000"), 1782.05 as Decimal("1782.05000000000"). Pages, exports and the
API then print those digits. Here every decimal expression whose output field declares decimal
places (a Sum of a money field inherits the field's) is quantized to them, exactly as a column is.
PostgreSQL's numeric is exact and needs none of this.

Used as DATABASES ENGINE "shuanglian.core.sqlite3" (settings.py, for every sqlite:// URL).
"""

from decimal import Decimal

from django.db.backends.sqlite3 import base, operations
from django.db.models.expressions import Col


class DatabaseOperations(operations.DatabaseOperations):
    def get_decimalfield_converter(self, expression):
        converter = super().get_decimalfield_converter(expression)
        places = getattr(expression.output_field, "decimal_places", None)
        if isinstance(expression, Col) or places is None:
            return converter
        quantum = Decimal(1).scaleb(-places)

        def quantized(value, expression, connection):
            value = converter(value, expression, connection)
            return None if value is None else value.quantize(quantum)

        return quantized


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
