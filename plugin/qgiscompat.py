"""The few spellings that differ between the QGIS versions CrimeRisk supports (3.22 to 3.44).

Everything else is written once, in the form every version accepts (scoped enums such as
``QgsProcessing.SourceType.TypeVectorPoint``, which QGIS 3.22 reads through PyQt5 and QGIS 3.36+
maps to the ``Qgis`` enums that replaced them).
"""

from __future__ import annotations

from qgis.core import Qgis
from qgis.PyQt.QtCore import QMetaType, QVariant

#: ``QgsField(name, type)`` takes a ``QMetaType.Type`` from QGIS 3.38; there the ``QVariant.Type``
#: form is deprecated, and 3.22 knows only that one.
FIELD_TYPES_ARE_METATYPES = Qgis.QGIS_VERSION_INT >= 33800

if FIELD_TYPES_ARE_METATYPES:
    FIELD_BOOL = QMetaType.Type.Bool
    FIELD_INT64 = QMetaType.Type.LongLong
    FIELD_DOUBLE = QMetaType.Type.Double
    FIELD_STRING = QMetaType.Type.QString
else:
    FIELD_BOOL = QVariant.Type.Bool
    FIELD_INT64 = QVariant.Type.LongLong
    FIELD_DOUBLE = QVariant.Type.Double
    FIELD_STRING = QVariant.Type.String
